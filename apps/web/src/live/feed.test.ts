import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { FeedEntry, Tweet } from "../api-types";
import {
  describeReposters,
  insertFeedEntry,
  insertSending,
  isSending,
  listsTweet,
  newestFeedSeq,
  sendingEntry,
  settleSending,
  withoutTweet,
} from "./feed";

const alice = { id: "alice-id", username: "alice", displayName: "Alice" };
const bob = { id: "bob-id", username: "bob", displayName: "Bob" };

function tweet(id: string, author = bob, content = `post ${id}`): Tweet {
  return {
    id,
    author,
    content,
    replyToId: null,
    topics: [],
    counts: { tweetId: id, likes: 0, replies: 0, retweets: 0, bookmarks: 0 },
    createdAt: new Date(0).toISOString(),
    deleted: false,
  };
}
const entry = (seq: number, id: string, author = bob, content?: string): FeedEntry => ({
  seq,
  addedAt: new Date(0).toISOString(),
  tweet: tweet(id, author, content),
});
type Page = { items: FeedEntry[]; nextCursor: number | null };
const pages = (...lists: FeedEntry[][]): InfiniteData<Page, number | null> => ({
  pages: lists.map((items) => ({ items, nextCursor: null })),
  pageParams: lists.map((_, index) => (index === 0 ? null : index)),
});
const ids = (data: InfiniteData<Page, number | null>) =>
  data.pages.map((page) => page.items.map((item) => item.tweet.id));

describe("live feed entries in the feed.list cache", () => {
  it("go into the first page in seq order, once", () => {
    let data = pages([entry(5, "e"), entry(3, "c")], [entry(2, "b")]);
    data = insertFeedEntry(data, entry(6, "f"));
    data = insertFeedEntry(data, entry(4, "d"));
    data = insertFeedEntry(data, entry(6, "f"));
    data = insertFeedEntry(data, entry(2, "b"));
    expect(ids(data)).toEqual([["f", "e", "d", "c"], ["b"]]);
    expect(newestFeedSeq(data)).toBe(6);
    expect(listsTweet(data, "b")).toBe(true);
  });

  it("update who reposted a listed post without moving it", () => {
    const reposted = { ...entry(9, "c"), repostedBy: { users: [alice], total: 1 } };
    const data = insertFeedEntry(pages([entry(5, "e"), entry(3, "c")]), reposted);
    expect(ids(data)).toEqual([["e", "c"]]);
    expect(data.pages[0]?.items[1]?.repostedBy).toEqual({ users: [alice], total: 1 });
  });

  it("leave when their post is deleted, from any page; unchanged pages stay the same object", () => {
    const data = pages([entry(5, "e")], [entry(2, "b")]);
    expect(ids(withoutTweet(data, "b"))).toEqual([["e"], []]);
    expect(withoutTweet(data, "zzz")).toBe(data);
  });
});

describe("an optimistic post in the feed.list cache", () => {
  const placeholder = sendingEntry("req-1", alice, "hello");

  it("shows on top as sending, then becomes the created post", () => {
    let data = insertSending(pages([entry(5, "e")]), placeholder);
    expect(isSending(data.pages[0]?.items[0]?.tweet ?? tweet("x"))).toBe(true);
    data = settleSending(data, "req-1", tweet("mine", alice, "hello"));
    expect(ids(data)).toEqual([["mine", "e"]]);
    expect(newestFeedSeq(data)).toBe(5);
    // The stream's entry for it then gives it its real seq, in place.
    data = insertFeedEntry(data, entry(7, "mine", alice, "hello"));
    expect(ids(data)).toEqual([["mine", "e"]]);
    expect(newestFeedSeq(data)).toBe(7);
  });

  it("gives way to the stream's entry when that comes first, and is not listed twice", () => {
    let data = insertSending(pages([entry(5, "e")]), placeholder);
    data = insertFeedEntry(data, entry(7, "mine", alice, "hello"));
    expect(ids(data)).toEqual([["mine", "e"]]);
    data = settleSending(data, "req-1", tweet("mine", alice, "hello"));
    expect(ids(data)).toEqual([["mine", "e"]]);
  });

  it("rolls back only itself when the send fails: what arrived meanwhile stays", () => {
    let data = insertSending(pages([entry(5, "e")]), placeholder);
    data = insertFeedEntry(data, entry(6, "f"));
    data = settleSending(data, "req-1");
    expect(ids(data)).toEqual([["f", "e"]]);
  });
});

describe("describeReposters", () => {
  it("names one, two, or some and the others", () => {
    const carol = { id: "c", username: "carol", displayName: "Carol" };
    expect(describeReposters({ users: [alice], total: 1 })).toBe("Alice");
    expect(describeReposters({ users: [alice, bob], total: 2 })).toBe("Alice and Bob");
    expect(describeReposters({ users: [alice, bob, carol], total: 5 })).toBe("Alice, Bob, Carol and 2 others");
  });
});
