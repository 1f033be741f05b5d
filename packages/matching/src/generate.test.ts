import { describe, expect, it } from "vitest";
import { communityMembers, generateCommunity } from "./generate";
import { normalizeTag } from "./tags";
import { isValidTimeZone } from "./timezone";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("generateCommunity", () => {
  const options = { seed: 3, size: 2_000, groups: 40, noise: 0.2 };
  const community = generateCommunity(options);

  it("is deterministic from its options, and a smaller size is a prefix", () => {
    expect(generateCommunity(options)).toEqual(community);
    const small = generateCommunity({ ...options, size: 100 });
    expect(small.profiles).toEqual(community.profiles.slice(0, 100));
    expect(generateCommunity({ ...options, seed: 4 }).profiles[0]).not.toEqual(community.profiles[0]);
  });

  it("produces valid profiles with unique uuid ids", () => {
    const ids = new Set(community.profiles.map((p) => p.userId));
    // Collect offenders and assert once: thousands of individual expects would dominate the run time.
    const invalid = community.profiles.filter(
      (p) =>
        !UUID.test(p.userId) ||
        p.interestTags.length < 1 ||
        p.interestTags.length > 20 ||
        p.interestTags.some((tag) => normalizeTag(tag) !== tag) ||
        p.bio.length > 2_000 ||
        p.city.trim() === "" ||
        !isValidTimeZone(p.timezone),
    );
    expect(invalid).toEqual([]);
    expect(ids.size).toBe(options.size);
  });

  it("plants groups that share tags and cities, with noise", () => {
    const byGroup = new Map<number, string[]>();
    for (const p of community.profiles) {
      const group = community.groupOf.get(p.userId) as number;
      expect(group).toBeGreaterThanOrEqual(0);
      expect(group).toBeLessThan(options.groups);
      byGroup.set(group, [...(byGroup.get(group) ?? []), p.userId]);
    }
    expect(byGroup.size).toBe(options.groups);

    const profileOf = new Map(community.profiles.map((p) => [p.userId, p]));
    let sameGroupShared = 0;
    let otherGroupShared = 0;
    let sameCity = 0;
    const pairs = 2_000;
    for (let i = 0; i < pairs; i++) {
      const a = community.profiles[(i * 7) % options.size];
      const group = a === undefined ? [] : (byGroup.get(community.groupOf.get(a.userId) as number) ?? []);
      const b = profileOf.get(group[i % group.length] as string);
      const c = community.profiles[(i * 13 + 1) % options.size];
      if (a === undefined || b === undefined || c === undefined || b === a) continue;
      if (a.interestTags.some((t) => b.interestTags.includes(t))) sameGroupShared++;
      if (a.interestTags.some((t) => c.interestTags.includes(t))) otherGroupShared++;
      if (a.city.trim().toLowerCase() === b.city.trim().toLowerCase()) sameCity++;
    }
    expect(sameGroupShared / pairs).toBeGreaterThan(0.7);
    expect(otherGroupShared / pairs).toBeLessThan(0.3);
    expect(sameCity / pairs).toBeGreaterThan(0.3);
    expect(sameCity / pairs).toBeLessThan(0.95);
  });

  it("streams members without building the whole community", () => {
    const first = communityMembers(options).next();
    expect(first.done).toBe(false);
    expect(first.value?.profile).toEqual(community.profiles[0]);
  });

  it("rejects bad options", () => {
    expect(() => generateCommunity({ seed: 1, size: -1, groups: 1 })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, size: 10, groups: 0 })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, size: 10, groups: 2, noise: 1.5 })).toThrow(RangeError);
  });
});
