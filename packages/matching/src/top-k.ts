/** Keeps the k best (score descending, then doc ascending = userId ascending) without sorting every candidate. */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether (score, doc) ranks before (otherScore, otherDoc). */
  private static before(score: number, doc: number, otherScore: number, otherDoc: number): boolean {
    return score > otherScore || (score === otherScore && doc < otherDoc);
  }

  offer(doc: number, score: number): void {
    const size = this.docs.length;
    if (size === this.k) {
      if (!TopK.before(score, doc, this.scores[size - 1] as number, this.docs[size - 1] as number)) return;
      this.docs.pop();
      this.scores.pop();
    }
    // Insertion into a sorted array of at most k (≤ 100): cheaper than a heap at this size, and simpler.
    let i = this.docs.length;
    while (i > 0 && TopK.before(score, doc, this.scores[i - 1] as number, this.docs[i - 1] as number)) i--;
    this.docs.splice(i, 0, doc);
    this.scores.splice(i, 0, score);
  }

  /** Docs, best first. */
  result(): number[] {
    return [...this.docs];
  }
}
