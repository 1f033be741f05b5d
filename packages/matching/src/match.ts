import { docOf, type MatchIndex, userIdOf } from "./match-index";
import { progressReporter } from "./progress";
import { buildQuery } from "./query";
import { buildReasons, REASON_SEPARATOR } from "./reasons";
import { retrieveCandidates } from "./retrieve";
import { scoreDoc, weightedScore } from "./score";
import { TopK } from "./top-k";
import type { MatchCandidate, MatchOptions, MatchResult, Profile } from "./types";
import { zoneOverlapFor } from "./zone-overlap";

export const DEFAULT_K = 10;
/** Upper bound on k: a longer list is not a match any more, and it bounds the result payload. */
export const MAX_K = 100;

/** Progress milestones: retrieval is cheap but visible; scoring is most of the work; reasons are the tail. */
const RETRIEVED = 30;
const SCORED = 90;
const SCORING_REPORTS = 4;

/**
 * The `k` profiles most similar to `request`, best first (ties by userId). Pure: no I/O, and apart from `tookMs`
 * the output is a function of (index, request, k, exclude, at). The requester (`request.userId`) and everyone in
 * `exclude` are never returned.
 */
export function match(index: MatchIndex, request: Profile, options: MatchOptions = {}): MatchResult {
  const started = performance.now();
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new RangeError(`k must be an integer in 1..${MAX_K}: ${k}`);
  const at = options.at ?? new Date();
  const report = progressReporter(options.onProgress);
  report(0);

  const query = buildQuery(index, request);
  const { candidates } = retrieveCandidates(index, query);
  report(RETRIEVED);

  const excluded = new Set<number>();
  if (query.selfDoc >= 0) excluded.add(query.selfDoc);
  for (const userId of options.exclude ?? []) {
    const doc = docOf(index, userId);
    if (doc >= 0) excluded.add(doc);
  }

  const overlap = zoneOverlapFor(index, query.zone, at);
  const top = new TopK(k);
  const reportEvery = Math.max(1, Math.ceil(candidates.length / SCORING_REPORTS));
  let considered = 0;
  for (let i = 0; i < candidates.length; i++) {
    const doc = candidates[i] as number;
    if (!excluded.has(doc)) {
      considered++;
      top.offer(doc, weightedScore(scoreDoc(index, query, doc, overlap)));
    }
    if ((i + 1) % reportEvery === 0) report(RETRIEVED + ((SCORED - RETRIEVED) * (i + 1)) / candidates.length);
  }
  report(SCORED);

  // Breakdown and reasons only for the winners: recomputing k rows is cheaper than keeping thousands.
  const matches: MatchCandidate[] = top.result().map((doc) => {
    const breakdown = scoreDoc(index, query, doc, overlap);
    const reasons = buildReasons(index, query, doc, breakdown, overlap(index.userZone[doc] as number));
    return {
      userId: userIdOf(index, doc),
      score: weightedScore(breakdown),
      reasons,
      reasonText: reasons.join(REASON_SEPARATOR),
      breakdown,
    };
  });
  report(100);
  return { matches, candidatesConsidered: considered, tookMs: performance.now() - started };
}
