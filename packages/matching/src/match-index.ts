import { bm25Idf, bm25Weight, tagIdf } from "./bm25";
import { countSorted, IntBuffer, invert } from "./csr";
import { createStringTable, lookupString, type StringTable, stringAt } from "./string-table";
import { normalizeCity, normalizeTags } from "./tags";
import { canonicalTimeZone } from "./timezone";
import { tokenize } from "./tokenize";
import type { Profile } from "./types";

/**
 * Everything matching needs, precomputed once from all profiles. Users are "docs" numbered 0..size-1 in userId
 * order, so "lower doc" means "lower userId" and every tie-break is by userId without comparing strings.
 * Lists are CSR: the entries of doc d (or tag/term t) live in `[start[d], start[d + 1])`.
 *
 * Immutable by contract: nothing writes to it after `buildMatchIndex` returns (typed arrays cannot be frozen).
 * There is no add/remove: a profile change means a rebuild (1.3–2.4 s at 100 000 profiles on a busy 2-core
 * box, see bench.ts), which a worker does off its event loop (`buildMatchIndexOffThread`) and swaps in. The
 * requester's own fresh profile never waits for a rebuild, because `match` builds the query from the request.
 *
 * Nothing but numbers and typed arrays (strings live in `StringTable`s), so a thread can hand it over by transferring
 * its buffers (`transferables`) instead of copying it.
 */
export interface MatchIndex {
  readonly size: number;
  /** userId per doc (ascending); see `docOf` and `userIdOf`. */
  readonly userIds: StringTable;
  readonly tags: TagIndex;
  readonly bio: BioIndex;
  /** City id per doc, -1 when empty. */
  readonly userCity: Int32Array;
  /** Normalized city names by id. */
  readonly cities: StringTable;
  /** Index into `zones` per doc, -1 when the zone is unknown. */
  readonly userZone: Int32Array;
  /** Canonical zone names. */
  readonly zones: StringTable;
}

export interface TagIndex {
  /** Tag names by id. */
  readonly vocabulary: StringTable;
  /** Documents holding each tag. */
  readonly df: Int32Array;
  /** ln(1 + N / df): a tag everyone has is worth little, a tag ten people share is worth a lot. */
  readonly idf: Float64Array;
  readonly postingStart: Int32Array;
  /** Docs per tag, ascending. */
  readonly postingDocs: Int32Array;
  readonly userStart: Int32Array;
  /** Tag ids per doc, ascending, so two tag sets intersect with a linear merge. */
  readonly userTags: Int32Array;
  /** Euclidean norm of the doc's IDF-weighted tag vector (the cosine denominator). */
  readonly userNorm: Float64Array;
}

export interface BioIndex {
  /** Bio terms by id. */
  readonly vocabulary: StringTable;
  readonly df: Int32Array;
  /** BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)). */
  readonly idf: Float64Array;
  readonly avgDocLength: number;
  readonly postingStart: Int32Array;
  readonly postingDocs: Int32Array;
  /** The doc's unit-length BM25 weight for the term, duplicated here so retrieval reads postings only. */
  readonly postingWeights: Float32Array;
  readonly userStart: Int32Array;
  /** Term ids per doc, ascending. */
  readonly userTerms: Int32Array;
  /** Unit-length BM25 weights aligned with `userTerms`: the dot product of two docs is their cosine. */
  readonly userWeights: Float32Array;
}

export function compareUserIds(a: string, b: string): number {
  // Code-unit order, not localeCompare: the same on every machine and locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The doc of `userId`, -1 when they are not in the index. */
export function docOf(index: MatchIndex, userId: string): number {
  return lookupString(index.userIds, userId);
}

export function userIdOf(index: MatchIndex, doc: number): string {
  return stringAt(index.userIds, doc);
}

/** Every buffer behind the index, for `postMessage(index, transferables(index))`: a zero-copy hand-over. */
export function transferables(index: MatchIndex): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    else if (typeof value === "object" && value !== null) for (const field of Object.values(value)) visit(field);
  };
  visit(index);
  return [...buffers];
}

/** Freezes the index's objects (not its typed arrays, which cannot be), e.g. after it arrived from a thread. */
export function freezeIndex(index: MatchIndex): MatchIndex {
  Object.freeze(index.tags);
  Object.freeze(index.bio);
  for (const table of [index.userIds, index.cities, index.zones, index.tags.vocabulary, index.bio.vocabulary]) {
    Object.freeze(table);
  }
  return Object.freeze(index);
}

function intern(ids: Map<string, number>, names: string[], key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = names.length;
    ids.set(key, id);
    names.push(key);
  }
  return id;
}

/** Builds the index. Throws RangeError on a duplicate userId (the table's primary key makes that a caller bug). */
export function buildMatchIndex(profiles: readonly Profile[]): MatchIndex {
  const sorted = [...profiles].sort((a, b) => compareUserIds(a.userId, b.userId));
  const size = sorted.length;
  const userIds = sorted.map((p) => p.userId);
  // Sorted, so duplicates are neighbours.
  for (let d = 1; d < size; d++) {
    if (userIds[d] === userIds[d - 1]) throw new RangeError(`Duplicate userId in profiles: ${userIds[d]}`);
  }

  const tagIds = new Map<string, number>();
  const tagNames: string[] = [];
  const tagUserStart = new Int32Array(size + 1);
  const tagEntries = new IntBuffer();
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const termUserStart = new Int32Array(size + 1);
  const termEntries = new IntBuffer();
  const termTf = new IntBuffer();
  const docLength = new Int32Array(size);
  const cityIds = new Map<string, number>();
  const cityNames: string[] = [];
  const userCity = new Int32Array(size);
  const zoneIds = new Map<string, number>();
  const zones: string[] = [];
  const userZone = new Int32Array(size);

  for (let d = 0; d < size; d++) {
    const profile = sorted[d] as Profile;
    const docTags = new Int32Array(normalizeTags(profile.interestTags).map((t) => intern(tagIds, tagNames, t)));
    docTags.sort();
    for (const t of docTags) tagEntries.push(t);
    tagUserStart[d + 1] = tagEntries.length;

    const tokens = tokenize(profile.bio);
    docLength[d] = tokens.length;
    const { values, counts } = countSorted(new Int32Array(tokens.map((t) => intern(termIds, termNames, t))));
    for (let i = 0; i < values.length; i++) {
      termEntries.push(values[i] as number);
      termTf.push(counts[i] as number);
    }
    termUserStart[d + 1] = termEntries.length;

    const city = normalizeCity(profile.city);
    userCity[d] = city === "" ? -1 : intern(cityIds, cityNames, city);
    const zone = canonicalTimeZone(profile.timezone);
    userZone[d] = zone === null ? -1 : intern(zoneIds, zones, zone);
  }

  const userTags = tagEntries.toArray();
  const tagPostings = invert(size, tagNames.length, tagUserStart, userTags);
  const tagDf = new Int32Array(tagNames.length);
  const tagIdfs = new Float64Array(tagNames.length);
  for (let t = 0; t < tagNames.length; t++) {
    tagDf[t] = (tagPostings.start[t + 1] as number) - (tagPostings.start[t] as number);
    tagIdfs[t] = tagIdf(size, tagDf[t] as number);
  }
  const tagNorm = new Float64Array(size);
  for (let d = 0; d < size; d++) {
    let sum = 0;
    for (let i = tagUserStart[d] as number; i < (tagUserStart[d + 1] as number); i++) {
      sum += (tagIdfs[userTags[i] as number] as number) ** 2;
    }
    tagNorm[d] = Math.sqrt(sum);
  }

  const userTerms = termEntries.toArray();
  const tfs = termTf.toArray();
  const termPostings = invert(size, termNames.length, termUserStart, userTerms);
  const termDf = new Int32Array(termNames.length);
  const termIdfs = new Float64Array(termNames.length);
  for (let t = 0; t < termNames.length; t++) {
    termDf[t] = (termPostings.start[t + 1] as number) - (termPostings.start[t] as number);
    termIdfs[t] = bm25Idf(size, termDf[t] as number);
  }
  let totalLength = 0;
  for (const length of docLength) totalLength += length;
  const avgDocLength = size === 0 ? 0 : totalLength / size;
  const userWeights = new Float32Array(userTerms.length);
  const postingWeights = new Float32Array(userTerms.length);
  for (let d = 0; d < size; d++) {
    const from = termUserStart[d] as number;
    const to = termUserStart[d + 1] as number;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const w = bm25Weight(
        termIdfs[userTerms[i] as number] as number,
        tfs[i] as number,
        docLength[d] as number,
        avgDocLength,
      );
      userWeights[i] = w;
      sum += w * w;
    }
    const norm = Math.sqrt(sum);
    for (let i = from; i < to; i++) {
      const unit = norm > 0 ? (userWeights[i] as number) / norm : 0;
      userWeights[i] = unit;
      postingWeights[termPostings.slotOf[i] as number] = unit;
    }
  }

  return freezeIndex({
    size,
    userIds: createStringTable(userIds),
    tags: {
      vocabulary: createStringTable(tagNames),
      df: tagDf,
      idf: tagIdfs,
      postingStart: tagPostings.start,
      postingDocs: tagPostings.docs,
      userStart: tagUserStart,
      userTags,
      userNorm: tagNorm,
    },
    bio: {
      vocabulary: createStringTable(termNames),
      df: termDf,
      idf: termIdfs,
      avgDocLength,
      postingStart: termPostings.start,
      postingDocs: termPostings.docs,
      postingWeights,
      userStart: termUserStart,
      userTerms,
      userWeights,
    },
    userCity,
    cities: createStringTable(cityNames),
    userZone,
    zones: createStringTable(zones),
  });
}
