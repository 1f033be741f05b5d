import { buildMatchIndex, communityMembers, match, type Profile } from "@pulse/matching";
import { storedProfile } from "./seed";

export interface ReferenceRequester {
  /** The signed-up user's id (the index holds the requester under it, as Pulse's does). */
  userId: string;
  group: number;
  /** The profile it stored with profile.upsert. */
  profile: Profile;
  /** The user ids of its first result through Pulse, best first (undefined: it got none). */
  pulseMatchIds: readonly string[] | undefined;
}

export interface ReferenceResult {
  /** Mean precision@k of the same requesters when the matcher library runs in this process over the same profiles. */
  precisionAtK: number | null;
  requesters: number;
  /** Requesters whose Pulse top k holds exactly the same people as the library's (order aside). */
  sameTopK: number;
  compared: number;
}

/**
 * The matcher library, called directly in the bench process, over the profiles Pulse's workers indexed (the
 * generated ones, regenerated from the same seed, plus the requesters' stored profiles): the quality the matcher
 * alone gives these requesters, and whether Pulse returned the same people. Run after the measurements.
 */
export function inProcessReference(
  generator: { seed: number; profiles: number; groups: number; noise: number },
  requesters: readonly ReferenceRequester[],
  groupOf: ReadonlyMap<string, number>,
  k: number,
): ReferenceResult {
  const profiles: Profile[] = [];
  for (const member of communityMembers({
    seed: generator.seed,
    size: generator.profiles,
    groups: generator.groups,
    noise: generator.noise,
  })) {
    profiles.push({ userId: member.profile.userId, ...storedProfile(member.profile) });
  }
  for (const requester of requesters) profiles.push(requester.profile);
  const index = buildMatchIndex(profiles);
  const at = new Date();
  let total = 0;
  let sameTopK = 0;
  let compared = 0;
  for (const requester of requesters) {
    const ids = match(index, requester.profile, { k, at }).matches.map((candidate) => candidate.userId);
    total += ids.filter((id) => groupOf.get(id) === requester.group).length / k;
    if (requester.pulseMatchIds) {
      compared++;
      const pulse = new Set(requester.pulseMatchIds);
      if (pulse.size === ids.length && ids.every((id) => pulse.has(id))) sameTopK++;
    }
  }
  return {
    precisionAtK: requesters.length > 0 ? total / requesters.length : null,
    requesters: requesters.length,
    sameTopK,
    compared,
  };
}
