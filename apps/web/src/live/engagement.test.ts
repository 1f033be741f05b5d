import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { FeedEntry, Thread, Tweet } from "../api-types";
import {
  deleteInThread,
  patchFeedPages,
  patchThread,
  patchTweetPages,
  shiftCount,
  tombstoneOf,
  withoutPost,
  withPending,
} from "./engagement";

const author = { id: "bob-id", username: "bob", displayName: "Bob" };
const tweet = (id: string, likes = 0): Tweet => ({
  id,
  author,
  content: id,
  replyToId: null,
  topics: [],
  counts: { tweetId: id, likes, replies: 0, retweets: 0, bookmarks: 0 },
  createdAt: new Date(0).toISOString(),
  deleted: false,
});
const server = (likes: number) => ({ tweetId: "t1", likes, replies: 2, retweets: 0, bookmarks: 0 });

describe("engagement counts in the cache", () => {
  it("an optimistic change moves one count, never below zero, and its rollback moves it back", () => {
    const liked = shiftCount("like", 1)(server(3));
    expect(liked.likes).toBe(4);
    expect(shiftCount("like", -1)(liked).likes).toBe(3);
    expect(shiftCount("bookmark", -1)(server(3)).bookmarks).toBe(0);
  });

  it("live totals keep my changes still in flight on top", () => {
    expect(withPending(server(5), [{ kind: "like", delta: 1 }]).likes).toBe(6);
    expect(withPending(server(5), []).likes).toBe(5);
  });

  it("patches every copy of the post, and leaves other posts (and untouched pages) the same objects", () => {
    const other = tweet("t2");
    const pages: InfiniteData<{ items: Tweet[] }, null> = {
      pages: [{ items: [tweet("t1", 1), other] }, { items: [tweet("t3")] }],
      pageParams: [null, null],
    };
    const patched = patchTweetPages(pages, "t1", () => server(9));
    expect(patched.pages[0]?.items[0]?.counts.likes).toBe(9);
    expect(patched.pages[0]?.items[1]).toBe(other);
    expect(patched.pages[1]).toBe(pages.pages[1]);
    expect(patchTweetPages(pages, "nope", () => server(9))).toBe(pages);

    const feed: InfiniteData<{ items: FeedEntry[] }, null> = {
      pages: [{ items: [{ seq: 1, addedAt: "", tweet: tweet("t1") }] }],
      pageParams: [null],
    };
    expect(patchFeedPages(feed, "t1", () => server(4)).pages[0]?.items[0]?.tweet.counts.likes).toBe(4);

    const thread: Thread = {
      ancestors: [tweet("t0")],
      tweet: tweet("t1"),
      replies: [tweet("t2")],
      truncated: { ancestors: false, replies: false },
    };
    const patchedThread = patchThread(thread, "t1", () => server(4));
    expect(patchedThread.tweet.counts.likes).toBe(4);
    expect(patchedThread.replies[0]).toBe(thread.replies[0]);
    expect(patchThread(thread, "t9", () => server(4))).toBe(thread);
  });

  it("a deleted post becomes its tombstone in threads (wherever it sits) and leaves lists of posts", () => {
    const thread: Thread = {
      ancestors: [tweet("t0")],
      tweet: tweet("t1"),
      replies: [tweet("t2"), tweet("t3")],
      truncated: { ancestors: false, replies: false },
    };
    const gone = deleteInThread(thread, "t2");
    expect(gone.replies[0]).toMatchObject({ id: "t2", deleted: true, content: "", topics: [] });
    expect(gone.replies[1]).toBe(thread.replies[1]);
    expect(gone.tweet).toBe(thread.tweet);
    expect(deleteInThread(thread, "t0").ancestors[0]?.deleted).toBe(true);
    expect(deleteInThread(thread, "t1").tweet.deleted).toBe(true);
    // Already a tombstone, or not in the thread: the same object (no re-render).
    expect(deleteInThread(gone, "t2")).toBe(gone);
    expect(deleteInThread(thread, "t9")).toBe(thread);
    expect(tombstoneOf(tweet("t5"), "t6").content).toBe("t5");

    const pages: InfiniteData<{ items: Tweet[] }, null> = {
      pages: [{ items: [tweet("t1"), tweet("t2")] }, { items: [tweet("t3")] }],
      pageParams: [null, null],
    };
    const without = withoutPost(pages, "t2");
    expect(without.pages.map((page) => page.items.map((item) => item.id))).toEqual([["t1"], ["t3"]]);
    expect(without.pages[1]).toBe(pages.pages[1]);
    expect(withoutPost(pages, "t9")).toBe(pages);
  });
});
