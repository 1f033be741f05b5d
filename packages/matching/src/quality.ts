import type { Community } from "./generate";
import { match } from "./match";
import type { MatchIndex } from "./match-index";

export interface PrecisionOptions {
  /** Requesters to sample, spread evenly over the community (deterministic). */
  readonly samples: number;
  readonly k?: number;
  /** Fixed instant so timezone scores, and therefore the measurement, are reproducible. */
  readonly at?: Date;
}

/**
 * Mean precision@k: for each sampled requester, the share of their top k who are in the requester's planted
 * group. Missing slots (fewer than k results) count as misses.
 */
export function precisionAtK(index: MatchIndex, community: Community, options: PrecisionOptions): number {
  const k = options.k ?? 10;
  const at = options.at ?? new Date("2025-01-15T12:00:00Z");
  const { profiles, groupOf } = community;
  const samples = Math.min(options.samples, profiles.length);
  if (samples === 0) return 0;
  const stride = profiles.length / samples;
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const requester = profiles[Math.floor(s * stride)];
    if (requester === undefined) continue;
    const group = groupOf.get(requester.userId);
    const { matches } = match(index, requester, { k, at });
    total += matches.filter((m) => groupOf.get(m.userId) === group).length / k;
  }
  return total / samples;
}
