import { bm25Idf, bm25Weight, tagIdf } from "./bm25";
import { countSorted } from "./csr";
import { docOf, type MatchIndex } from "./match-index";
import { lookupString } from "./string-table";
import { normalizeCity, normalizeTags } from "./tags";
import { canonicalTimeZone } from "./timezone";
import { tokenize } from "./tokenize";
import type { Profile } from "./types";

/** The requester, expressed in the index's ids. Built from the request, so a just-edited profile counts at once. */
export interface MatchQuery {
  /** Tag ids the index knows, ascending. */
  readonly tags: Int32Array;
  /** Norm of the requester's IDF-weighted tag vector, including tags nobody else has (they lower every cosine). */
  readonly tagNorm: number;
  /** Term ids the index knows, ascending. */
  readonly terms: Int32Array;
  /** Unit-length BM25 weights aligned with `terms` (normalized over all the requester's terms, known or not). */
  readonly termWeights: Float64Array;
  /** City id in the index, -1 when empty or nobody else lives there. */
  readonly city: number;
  /** Canonical zone, null when unknown. */
  readonly zone: string | null;
  /** The requester's own doc, -1 when they are not in the index yet. */
  readonly selfDoc: number;
}

export function buildQuery(index: MatchIndex, request: Profile): MatchQuery {
  const tagIds: number[] = [];
  let tagNormSquared = 0;
  for (const tag of normalizeTags(request.interestTags)) {
    const id = lookupString(index.tags.vocabulary, tag);
    tagNormSquared += tagIdf(index.size, id < 0 ? 0 : (index.tags.df[id] as number)) ** 2;
    if (id >= 0) tagIds.push(id);
  }
  const tags = new Int32Array(tagIds).sort();

  // Unknown terms get negative ids so countSorted can still count them; they only feed the norm.
  let nextUnknown = -1;
  const unknownIds = new Map<string, number>();
  const tokens = tokenize(request.bio);
  const ids = new Int32Array(tokens.length);
  tokens.forEach((token, i) => {
    const known = lookupString(index.bio.vocabulary, token);
    let id = known >= 0 ? known : unknownIds.get(token);
    if (id === undefined) {
      id = nextUnknown--;
      unknownIds.set(token, id);
    }
    ids[i] = id;
  });
  const { values, counts } = countSorted(ids);
  const known: number[] = [];
  const weights: number[] = [];
  let normSquared = 0;
  for (let i = 0; i < values.length; i++) {
    const id = values[i] as number;
    const df = id >= 0 ? (index.bio.df[id] as number) : 0;
    const w = bm25Weight(bm25Idf(index.size, df), counts[i] as number, tokens.length, index.bio.avgDocLength);
    normSquared += w * w;
    if (id >= 0) {
      known.push(id);
      weights.push(w);
    }
  }
  const norm = Math.sqrt(normSquared);
  const cityKey = normalizeCity(request.city);

  return {
    tags,
    tagNorm: Math.sqrt(tagNormSquared),
    terms: new Int32Array(known),
    termWeights: new Float64Array(weights.map((w) => (norm > 0 ? w / norm : 0))),
    city: cityKey === "" ? -1 : lookupString(index.cities, cityKey),
    zone: canonicalTimeZone(request.timezone),
    selfDoc: docOf(index, request.userId),
  };
}
