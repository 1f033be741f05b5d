import type { MatchIndex } from "./match-index";
import type { MatchQuery } from "./query";

/**
 * At most this many candidates come from shared tags. Scoring one candidate costs a few hundred operations, so
 * 5 000 keeps scoring near a couple of milliseconds however large the community grows; anyone beyond the cap
 * shares only the requester's most common tags with them and could not reach the top 10 over the 5 000 kept,
 * which are chosen by the IDF they share.
 */
export const MAX_TAG_CANDIDATES = 5_000;
/** At most this many extra candidates come from shared rare bio terms (people whose tags differ but words agree). */
export const MAX_BIO_CANDIDATES = 500;
/**
 * Postings walked for tags before stopping (rarest tags first). Bounds retrieval work by a constant instead of
 * by the community size when a requester only has tags half the community shares.
 */
export const TAG_POSTINGS_BUDGET = 250_000;
/** Bio terms used for retrieval: the requester's rarest ones. */
export const MAX_RARE_TERMS = 16;
/** A bio term is "rare" when at most this share of profiles (and never fewer than RARE_TERM_MIN_DF) use it. */
export const RARE_TERM_MAX_SHARE = 0.05;
export const RARE_TERM_MIN_DF = 50;

export interface Retrieval {
  /** Candidate docs, each sharing at least one tag or rare bio term with the query. Not yet excluded or scored. */
  readonly candidates: Int32Array;
  readonly fromTags: number;
  readonly fromBio: number;
  /** Posting entries read: the whole cost of retrieval, never a scan over all profiles. */
  readonly postingsVisited: number;
}

/** Keys ordered rarest first (ties by id, for determinism). */
function rarestFirst(keys: Int32Array, df: Int32Array): number[] {
  return [...keys].sort((a, b) => (df[a] as number) - (df[b] as number) || a - b);
}

/** The `cap` docs of `touched` with the highest `acc`, ties to the lower doc (= lower userId). */
function topByScore(touched: number[], acc: Float64Array, cap: number): number[] {
  if (touched.length <= cap) return touched;
  const scores = new Float64Array(touched.length);
  touched.forEach((doc, i) => {
    scores[i] = acc[doc] as number;
  });
  scores.sort();
  const threshold = scores[scores.length - cap] as number;
  const above: number[] = [];
  const tied: number[] = [];
  for (const doc of touched) {
    const score = acc[doc] as number;
    if (score > threshold) above.push(doc);
    else if (score === threshold) tied.push(doc);
  }
  tied.sort((a, b) => a - b);
  return above.concat(tied.slice(0, cap - above.length));
}

interface Scratch {
  readonly acc: Float64Array;
  readonly seen: Uint8Array;
}

// Per-index scratch space, reused across matches: two arrays of `size` entries (0.9 MB at 100 000 profiles) per
// request would otherwise be allocated and zeroed every time, and their churn shows up as GC pauses in the p99.
// Safe because retrieval is synchronous and hands the arrays back zeroed before returning; the index itself stays
// untouched, and the WeakMap lets both go when the index is dropped after a rebuild.
const scratchByIndex = new WeakMap<MatchIndex, Scratch>();

function scratchFor(index: MatchIndex): Scratch {
  let scratch = scratchByIndex.get(index);
  if (scratch === undefined) {
    scratch = { acc: new Float64Array(index.size), seen: new Uint8Array(index.size) };
    scratchByIndex.set(index, scratch);
  }
  return scratch;
}

export function retrieveCandidates(index: MatchIndex, query: MatchQuery): Retrieval {
  const { acc, seen } = scratchFor(index);
  let postingsVisited = 0;

  // Tags, rarest first, accumulating the shared idf² (the cosine numerator) per doc.
  const { tags } = index;
  let touched: number[] = [];
  for (const tag of rarestFirst(query.tags, tags.df)) {
    const from = tags.postingStart[tag] as number;
    const to = tags.postingStart[tag + 1] as number;
    if (postingsVisited > 0 && postingsVisited + (to - from) > TAG_POSTINGS_BUDGET) break;
    const weight = (tags.idf[tag] as number) ** 2;
    for (let i = from; i < to; i++) {
      const doc = tags.postingDocs[i] as number;
      if (acc[doc] === 0) touched.push(doc);
      acc[doc] = (acc[doc] as number) + weight;
    }
    postingsVisited += to - from;
  }
  const fromTags = topByScore(touched, acc, MAX_TAG_CANDIDATES);
  for (const doc of touched) acc[doc] = 0;

  // Rare bio terms, accumulating the partial cosine. Common terms are skipped here (they would pull in most of
  // the community) but still count when each candidate is scored in full.
  const { bio } = index;
  const maxDf = Math.max(RARE_TERM_MIN_DF, Math.floor(RARE_TERM_MAX_SHARE * index.size));
  const weightOf = new Map<number, number>();
  query.terms.forEach((term, i) => {
    weightOf.set(term, query.termWeights[i] as number);
  });
  const rareTerms = rarestFirst(query.terms, bio.df)
    .filter((term) => (bio.df[term] as number) <= maxDf)
    .slice(0, MAX_RARE_TERMS);
  touched = [];
  for (const term of rareTerms) {
    const from = bio.postingStart[term] as number;
    const to = bio.postingStart[term + 1] as number;
    const weight = weightOf.get(term) ?? 0;
    for (let i = from; i < to; i++) {
      const doc = bio.postingDocs[i] as number;
      if (acc[doc] === 0) touched.push(doc);
      acc[doc] = (acc[doc] as number) + weight * (bio.postingWeights[i] as number);
    }
    postingsVisited += to - from;
  }
  const fromBio = topByScore(touched, acc, MAX_BIO_CANDIDATES);
  for (const doc of touched) acc[doc] = 0;

  const candidates: number[] = [];
  for (const doc of fromTags.concat(fromBio)) {
    if (seen[doc] === 0) {
      seen[doc] = 1;
      candidates.push(doc);
    }
  }
  for (const doc of candidates) seen[doc] = 0;
  return {
    candidates: new Int32Array(candidates),
    fromTags: fromTags.length,
    fromBio: fromBio.length,
    postingsVisited,
  };
}
