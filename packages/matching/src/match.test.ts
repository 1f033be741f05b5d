import { describe, expect, it } from "vitest";
import { generateCommunity } from "./generate";
import { MAX_K, match } from "./match";
import { buildMatchIndex } from "./match-index";
import { REASON_SEPARATOR } from "./reasons";
import { HAND_MADE, handMadeProfile, JANUARY } from "./testing";
import type { MatchResult } from "./types";

const handMade = buildMatchIndex(HAND_MADE);
const alice = handMadeProfile("alice");

const community = generateCommunity({ seed: 11, size: 3_000, groups: 60, noise: 0.25 });
const communityIndex = buildMatchIndex(community.profiles);

/** Everything but the wall-clock time. */
function stable(result: MatchResult) {
  const { tookMs: _tookMs, ...rest } = result;
  return rest;
}

describe("match on a hand-made community", () => {
  const result = match(handMade, alice, { at: JANUARY });

  it("ranks the closest profile first with correct reasons", () => {
    const best = result.matches[0];
    expect(best?.userId).toBe("bob");
    // webgpu is rarer than rust (2 vs 4 profiles), so it comes first; shader is the rarest shared bio term.
    expect(best?.reasons).toEqual([
      "shares webgpu and rust",
      "similar bio (shader, renderer)",
      "same city",
      "16 waking hours overlap",
    ]);
    expect(best?.reasonText).toBe(best?.reasons.join(REASON_SEPARATOR));
    expect(best?.breakdown.city).toBe(1);
    expect(best?.breakdown.timezone).toBe(1);
  });

  it("explains timezone distance with DST-aware hours", () => {
    const carol = result.matches.find((m) => m.userId === "carol");
    expect(carol?.reasons).toEqual(["shares rust", "10 waking hours overlap"]);
    const erin = result.matches.find((m) => m.userId === "erin");
    expect(erin?.reasons).toEqual(["shares rust", "8 waking hours overlap"]);
    const july = match(handMade, alice, { at: new Date("2025-07-15T12:00:00Z") });
    // Tokyo has no DST: Berlin moves an hour closer in summer.
    expect(july.matches.find((m) => m.userId === "erin")?.reasons).toContain("9 waking hours overlap");
  });

  it("finds people through bio words alone, and never someone who shares nothing", () => {
    const frank = result.matches.find((m) => m.userId === "frank");
    expect(frank?.breakdown.interests).toBe(0);
    expect(frank?.breakdown.bio).toBeGreaterThan(0);
    // Dave lives in Berlin too, but shares no tag and no word: he is not a candidate at all.
    expect(result.matches.map((m) => m.userId)).not.toContain("dave");
    expect(result.candidatesConsidered).toBe(4);
  });

  it("excludes the requester and the people they follow", () => {
    expect(result.matches.map((m) => m.userId)).not.toContain("alice");
    const excluded = match(handMade, alice, { at: JANUARY, exclude: new Set(["bob", "nobody"]) });
    expect(excluded.matches.map((m) => m.userId)).toEqual(["carol", "erin", "frank"].filter((id) => id !== "bob"));
    expect(excluded.candidatesConsidered).toBe(3);
  });

  it("uses the request's fields, not the stored profile, and works for users not in the index", () => {
    const newcomer = { ...alice, userId: "zoe", interestTags: ["#Knitting"], bio: "", city: "BERLIN" };
    const { matches } = match(handMade, newcomer, { at: JANUARY });
    expect(matches.map((m) => m.userId)).toEqual(["dave"]);
    expect(matches[0]?.reasons).toEqual(["shares knitting", "same city", "16 waking hours overlap"]);
  });

  it("refuses duplicate userIds when building the index", () => {
    expect(() => buildMatchIndex([alice, { ...alice, bio: "again" }])).toThrow(RangeError);
  });

  it("tolerates an unknown timezone and an empty index", () => {
    const lost = match(handMade, { ...alice, timezone: "Mars/Olympus" }, { at: JANUARY });
    expect(lost.matches.every((m) => m.breakdown.timezone === 0)).toBe(true);
    expect(match(buildMatchIndex([]), alice).matches).toEqual([]);
  });
});

describe("match on a generated community", () => {
  const requesters = community.profiles.filter((_, i) => i % 100 === 0);

  it("returns scores and breakdowns within [0, 1], sorted, ties by userId", () => {
    for (const requester of requesters) {
      const { matches } = match(communityIndex, requester, { at: JANUARY, k: 50 });
      expect(matches.length).toBeGreaterThan(0);
      for (const m of matches) {
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(1);
        for (const value of Object.values(m.breakdown)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        expect(m.reasons.length).toBeGreaterThan(0);
      }
      for (let i = 1; i < matches.length; i++) {
        const previous = matches[i - 1];
        const current = matches[i];
        if (previous === undefined || current === undefined) continue;
        expect(previous.score).toBeGreaterThanOrEqual(current.score);
        if (previous.score === current.score) expect(previous.userId < current.userId).toBe(true);
      }
    }
  });

  it("is deterministic: same input, identical output, whatever the profile order", () => {
    const shuffled = buildMatchIndex([...community.profiles].reverse());
    for (const requester of requesters) {
      const first = stable(match(communityIndex, requester, { at: JANUARY }));
      expect(stable(match(communityIndex, requester, { at: JANUARY }))).toEqual(first);
      expect(stable(match(shuffled, requester, { at: JANUARY }))).toEqual(first);
    }
  });

  it("returns at most k, 10 by default, and rejects a k out of range", () => {
    const requester = requesters[0] ?? alice;
    expect(match(communityIndex, requester, { at: JANUARY }).matches).toHaveLength(10);
    expect(match(communityIndex, requester, { at: JANUARY, k: 3 }).matches).toHaveLength(3);
    expect(match(communityIndex, requester, { at: JANUARY, k: MAX_K }).matches.length).toBeLessThanOrEqual(MAX_K);
    expect(match(handMade, alice, { k: MAX_K }).matches).toHaveLength(4);
    for (const k of [0, -1, 1.5, MAX_K + 1, Number.NaN]) {
      expect(() => match(communityIndex, requester, { k }), String(k)).toThrow(RangeError);
    }
  });

  it("excludes followed users even when they would rank first", () => {
    const requester = requesters[1] ?? alice;
    const before = match(communityIndex, requester, { at: JANUARY });
    const followed = new Set(before.matches.slice(0, 5).map((m) => m.userId));
    const after = match(communityIndex, requester, { at: JANUARY, exclude: followed });
    expect(after.matches).toHaveLength(10);
    expect(after.matches.some((m) => followed.has(m.userId))).toBe(false);
    expect(after.matches.some((m) => m.userId === requester.userId)).toBe(false);
    expect(after.candidatesConsidered).toBe(before.candidatesConsidered - 5);
  });

  it("reports increasing integer progress ending at 100, and its cost", () => {
    const seen: number[] = [];
    const result = match(communityIndex, requesters[2] ?? alice, { at: JANUARY, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toContain(30);
    expect(seen.every((p, i) => Number.isInteger(p) && (i === 0 || p > (seen[i - 1] as number)))).toBe(true);
    expect(result.candidatesConsidered).toBeGreaterThan(0);
    expect(result.candidatesConsidered).toBeLessThan(communityIndex.size);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
  });
});
