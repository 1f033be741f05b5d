import { describe, expect, it } from "vitest";
import { generateCommunity } from "./generate";
import { buildMatchIndex, userIdOf } from "./match-index";
import { buildQuery } from "./query";
import { MAX_TAG_CANDIDATES, retrieveCandidates } from "./retrieve";
import { normalizeTags } from "./tags";
import { HAND_MADE, handMadeProfile } from "./testing";
import { tokenize } from "./tokenize";
import type { Profile } from "./types";

describe("retrieveCandidates", () => {
  it("returns exactly the people sharing a tag or a rare bio term", () => {
    const index = buildMatchIndex(HAND_MADE);
    const { candidates } = retrieveCandidates(index, buildQuery(index, handMadeProfile("alice")));
    const ids = [...candidates].map((doc) => userIdOf(index, doc)).sort();
    // Self is retrieved (match excludes it later); dave shares nothing and is never read.
    expect(ids).toEqual(["alice", "bob", "carol", "erin", "frank"]);
  });

  it("only reads postings of the requester's tags and terms, never every profile", () => {
    const community = generateCommunity({ seed: 5, size: 5_000, groups: 100, noise: 0.25 });
    const index = buildMatchIndex(community.profiles);
    const profileOf = new Map(community.profiles.map((p) => [p.userId, p]));
    for (const requester of community.profiles.slice(0, 50)) {
      const query = buildQuery(index, requester);
      const { candidates, postingsVisited } = retrieveCandidates(index, query);
      let maxPostings = 0;
      for (const tag of query.tags) maxPostings += index.tags.df[tag] as number;
      for (const term of query.terms) maxPostings += index.bio.df[term] as number;
      expect(postingsVisited).toBeLessThanOrEqual(maxPostings);
      expect(candidates.length).toBeLessThan(index.size / 2);

      const tags = new Set(normalizeTags(requester.interestTags));
      const terms = new Set(tokenize(requester.bio));
      const strangers = [...candidates].filter((doc) => {
        const candidate = profileOf.get(userIdOf(index, doc)) as Profile;
        return !candidate.interestTags.some((t) => tags.has(t)) && !tokenize(candidate.bio).some((t) => terms.has(t));
      });
      expect(strangers).toEqual([]);
    }
  });

  it(`caps tag candidates at ${MAX_TAG_CANDIDATES}, keeping those who share the most IDF`, () => {
    const profiles: Profile[] = Array.from({ length: 6_000 }, (_, i) => ({
      userId: `user-${String(i).padStart(5, "0")}`,
      bio: "",
      interestTags: i % 60 === 59 ? ["common", "rare"] : ["common"],
      city: "",
      timezone: "UTC",
    }));
    const index = buildMatchIndex(profiles);
    const requester: Profile = { userId: "me", bio: "", interestTags: ["common", "rare"], city: "", timezone: "UTC" };
    const { candidates, fromTags } = retrieveCandidates(index, buildQuery(index, requester));
    expect(fromTags).toBe(MAX_TAG_CANDIDATES);
    expect(candidates).toHaveLength(MAX_TAG_CANDIDATES);
    const kept = new Set([...candidates].map((doc) => userIdOf(index, doc)));
    // All 100 holders of the rare tag survive the cap; the rest is filled by lowest userId (deterministic).
    for (const p of profiles.filter((p) => p.interestTags.includes("rare"))) expect(kept.has(p.userId)).toBe(true);
    expect(kept.has("user-00000")).toBe(true);
    expect(kept.has("user-05998")).toBe(false);
  });
});
