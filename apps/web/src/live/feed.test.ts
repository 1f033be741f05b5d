import { describe, expect, it } from "vitest";
import type { FeedEntry, Tweet } from "../api-types";
import {
  createFeedLive,
  describeReposters,
  isSending,
  mergeFeed,
  pendingEntries,
  repostedByOf,
  withoutTweet,
} from "./feed";

const alice = { id: "alice-id", username: "alice", displayName: "Alice" };
const bob = { id: "bob-id", username: "bob", displayName: "Bob" };

function tweet(id: string, author = bob): Tweet {
  return {
    id,
    author,
    content: `post ${id}`,
    replyToId: null,
    topics: [],
    counts: { tweetId: id, likes: 0, replies: 0, retweets: 0, bookmarks: 0 },
    createdAt: new Date(0).toISOString(),
    deleted: false,
  };
}
const entry = (seq: number, id: string, author = bob): FeedEntry => ({
  seq,
  addedAt: new Date(0).toISOString(),
  tweet: tweet(id, author),
});

describe("feed live state", () => {
  it("buffers other people's posts until the reader asks, then shows them newest first", () => {
    const feed = createFeedLive();
    feed.receive(entry(5, "a"), alice.id);
    feed.receive(entry(6, "b"), alice.id);
    feed.receive(entry(6, "b"), alice.id);
    expect(feed.get().buffered.map((item) => item.tweet.id)).toEqual(["a", "b"]);
    expect(feed.get().revealed).toEqual([]);
    feed.reveal();
    expect(feed.get().buffered).toEqual([]);
    expect(feed.get().revealed.map((item) => item.id)).toEqual(["b", "a"]);
  });

  it("shows my own post at once and only once (create answer, then the fan-out)", () => {
    const feed = createFeedLive();
    feed.addOwn(tweet("mine", alice));
    feed.receive(entry(7, "mine", alice), alice.id);
    expect(feed.get().revealed.map((item) => item.id)).toEqual(["mine"]);
    expect(feed.get().buffered).toEqual([]);
    feed.receive(entry(8, "also-mine", alice), alice.id);
    expect(feed.get().revealed.map((item) => item.id)).toEqual(["also-mine", "mine"]);
  });

  it("merges revealed and fetched posts without duplicates and counts only what is not on screen", () => {
    const shown = mergeFeed([tweet("new")], [entry(3, "new"), entry(2, "old")]);
    expect(shown.map((item) => item.id)).toEqual(["new", "old"]);
    expect(pendingEntries([entry(3, "new"), entry(4, "newer")], shown).map((item) => item.tweet.id)).toEqual(["newer"]);
  });

  it("forgets everything on clear (after a reset the list is refetched)", () => {
    const feed = createFeedLive();
    feed.receive(entry(1, "a"), alice.id);
    feed.clear();
    expect(feed.get()).toEqual({ buffered: [], revealed: [] });
  });

  it("shows my post while sending, swaps in the real one in place, and drops it when the send fails", () => {
    const feed = createFeedLive();
    feed.addOwn(tweet("older", alice));
    const placeholder = tweet("request-1", alice);
    feed.addSending(placeholder);
    expect(isSending(placeholder)).toBe(true);
    expect(feed.get().revealed.map((shown) => shown.id)).toEqual(["request-1", "older"]);

    const real = tweet("real-1", alice);
    feed.confirmSending("request-1", real);
    expect(feed.get().revealed).toEqual([real, tweet("older", alice)]);
    expect(isSending(real)).toBe(false);

    // The stream delivered the real tweet before the mutation answered: it takes the placeholder's place, once.
    feed.addSending({ ...tweet("request-2", alice), content: "post real-2" });
    feed.receive(entry(9, "real-2", alice), alice.id);
    expect(feed.get().revealed.map((shown) => shown.id)).toEqual(["real-2", "real-1", "older"]);
    feed.confirmSending("request-2", tweet("real-2", alice));
    expect(feed.get().revealed.map((shown) => shown.id)).toEqual(["real-2", "real-1", "older"]);

    feed.addSending(tweet("request-3", alice));
    feed.dropSending("request-3");
    expect(feed.get().revealed.map((shown) => shown.id)).toEqual(["real-2", "real-1", "older"]);
  });

  it("a deleted post leaves what is shown, what waits and the fetched pages", () => {
    const feed = createFeedLive();
    feed.addOwn(tweet("mine", alice));
    feed.receive(entry(3, "theirs"), alice.id);
    feed.remove("theirs");
    feed.remove("mine");
    feed.remove("unknown");
    expect(feed.get()).toEqual({ buffered: [], revealed: [] });
    const pages = { pages: [{ items: [entry(2, "a"), entry(1, "b")], nextCursor: null }], pageParams: [null] };
    expect(withoutTweet(pages, "a").pages[0]?.items.map((item) => item.tweet.id)).toEqual(["b"]);
  });

  it("remembers who reposted a fetched or live entry, and says it in words", () => {
    const ana = { id: "ana-id", username: "ana", displayName: "Ana" };
    const ben = { id: "ben-id", username: "ben", displayName: "Ben" };
    const fetched = { ...entry(1, "r1"), repostedBy: { users: [ana, ben], total: 2 } };
    const [shown] = mergeFeed([], [fetched]);
    expect(shown && repostedByOf(shown)).toEqual({ users: [ana, ben], total: 2 });
    const live = { ...entry(2, "r2"), repostedBy: { users: [ana], total: 1 } };
    const feed = createFeedLive();
    feed.receive(live, alice.id);
    feed.reveal();
    const [revealed] = feed.get().revealed;
    expect(revealed && repostedByOf(revealed)).toEqual({ users: [ana], total: 1 });
    expect(repostedByOf(tweet("plain"))).toBeUndefined();

    expect(describeReposters({ users: [ana], total: 1 })).toBe("Ana");
    expect(describeReposters({ users: [ana, ben], total: 2 })).toBe("Ana and Ben");
    expect(describeReposters({ users: [ana, ben], total: 3 })).toBe("Ana, Ben and 1 other");
    expect(describeReposters({ users: [ana, ben], total: 5 })).toBe("Ana, Ben and 3 others");
  });
});
