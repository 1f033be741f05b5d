import { describe, expect, it } from "vitest";
import { EngagementStore } from "./engagement";

const tweetId = "t1";
const listed = { tweetId, likes: 3, replies: 1, retweets: 0, bookmarks: 0 };
const counts = (likes: number) => ({ ...listed, likes });

describe("EngagementStore", () => {
  it("shows a like at once, then the server's totals", () => {
    const store = new EngagementStore();
    const id = store.begin(tweetId, "like", true, listed);
    expect(id).not.toBeNull();
    expect(store.view(tweetId, listed)).toMatchObject({
      counts: { likes: 4 },
      mine: { like: true },
      pending: { like: true },
    });
    store.settle(tweetId, id as number, { active: true, changed: true, counts: counts(7) });
    expect(store.view(tweetId, listed)).toMatchObject({ counts: { likes: 7 }, mine: { like: true }, pending: {} });
  });

  it("rolls back a failed change", () => {
    const store = new EngagementStore();
    const id = store.begin(tweetId, "like", true, listed) as number;
    store.fail(tweetId, id);
    expect(store.view(tweetId, listed)).toMatchObject({ counts: { likes: 3 }, mine: {}, pending: {} });
  });

  it("ignores a second click while the first is in flight", () => {
    const store = new EngagementStore();
    expect(store.begin(tweetId, "retweet", true, listed)).not.toBeNull();
    expect(store.begin(tweetId, "retweet", false, listed)).toBeNull();
    expect(store.begin(tweetId, "bookmark", true, listed)).not.toBeNull();
  });

  it("keeps optimistic changes on top of live totals, and notifies only that tweet's listeners", () => {
    const store = new EngagementStore();
    let calls = 0;
    let otherCalls = 0;
    store.subscribe(tweetId, () => calls++);
    store.subscribe("other", () => otherCalls++);
    store.view(tweetId, listed);
    const id = store.begin(tweetId, "like", true, listed) as number;
    store.applyCounts(counts(10));
    expect(store.view(tweetId, listed).counts.likes).toBe(11);
    store.settle(tweetId, id, { active: true, changed: false, counts: counts(10) });
    expect(store.view(tweetId, listed).counts.likes).toBe(10);
    expect(calls).toBe(3);
    expect(otherCalls).toBe(0);
  });

  it("returns the same view object until something changes (for useSyncExternalStore)", () => {
    const store = new EngagementStore();
    const first = store.view(tweetId, listed);
    expect(store.view(tweetId, listed)).toBe(first);
    expect(store.peek(tweetId)).toBe(first);
    expect(store.peek("unknown")).toBeUndefined();
    store.applyCounts(counts(5));
    expect(store.view(tweetId, listed)).not.toBe(first);
  });

  it("unliking what I liked takes one away", () => {
    const store = new EngagementStore();
    const like = store.begin(tweetId, "like", true, listed) as number;
    store.settle(tweetId, like, { active: true, changed: true, counts: counts(4) });
    store.begin(tweetId, "like", false, listed);
    expect(store.view(tweetId, listed)).toMatchObject({ counts: { likes: 3 }, mine: { like: false } });
  });
});
