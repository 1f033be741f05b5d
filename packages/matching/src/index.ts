export { BM25_B, BM25_K1 } from "./bm25";
export {
  type Community,
  type CommunityMember,
  type CommunityOptions,
  communityMembers,
  generateCommunity,
} from "./generate";
export { DEFAULT_K, MAX_K, match } from "./match";
export { buildMatchIndex, docOf, type MatchIndex, transferables, userIdOf } from "./match-index";
export {
  activeBuildThreads,
  buildMatchIndexOffThread,
  DEFAULT_PAGE_SIZE,
  type OffThreadBuildOptions,
  pagesOf,
} from "./off-thread";
export { Random } from "./prng";
export { type PrecisionOptions, precisionAtK } from "./quality";
export { buildQuery, type MatchQuery } from "./query";
export { BIO_REASON_THRESHOLD, REASON_SEPARATOR } from "./reasons";
export { MAX_BIO_CANDIDATES, MAX_TAG_CANDIDATES, type Retrieval, retrieveCandidates } from "./retrieve";
export { MATCH_WEIGHTS } from "./score";
export { lookupString, type StringTable, stringAt } from "./string-table";
export { MAX_TAG_LENGTH, MAX_TAGS, normalizeCity, normalizeTag, normalizeTags } from "./tags";
export type { ProfilePage } from "./thread-protocol";
export {
  canonicalTimeZone,
  isValidTimeZone,
  utcOffsetMinutes,
  WAKING_END_HOUR,
  WAKING_HOURS,
  WAKING_START_HOUR,
  wakingHoursOverlap,
} from "./timezone";
export { tokenize } from "./tokenize";
export type { MatchCandidate, MatchOptions, MatchResult, Profile, ScoreBreakdown } from "./types";
