/** BM25 term-frequency saturation and length normalization (the usual Robertson/Lucene defaults). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** BM25 idf; never negative (the "+1" variant), so every shared term adds similarity. */
export function bm25Idf(size: number, df: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

/** Tag idf; df 0 (a tag only the requester has) is treated as df 1, the rarest a shared tag can be. */
export function tagIdf(size: number, df: number): number {
  return Math.log(1 + Math.max(size, 1) / Math.max(df, 1));
}

/** BM25 term weight for `tf` occurrences in a document of `length` tokens. */
export function bm25Weight(idf: number, tf: number, length: number, avgLength: number): number {
  const lengthNorm = 1 - BM25_B + (BM25_B * length) / (avgLength || 1);
  return (idf * (tf * (BM25_K1 + 1))) / (tf + BM25_K1 * lengthNorm);
}
