import type { InfiniteData } from "@tanstack/react-query";
import type { EngagementCounts, FeedEntry, Thread, Tweet } from "../api-types";

/**
 * How engagement counts land in the query cache: every cached post with the tweet's id gets the new counts, in
 * whatever list holds it (feed, thread, profile, topic, bookmarks). Pure functions over the cached shapes.
 */
export type EngagementKind = "like" | "retweet" | "bookmark";
export type Counts = Omit<EngagementCounts, "tweetId">;
export type CountsChange = (counts: EngagementCounts) => EngagementCounts;

const countOf = { like: "likes", retweet: "retweets", bookmark: "bookmarks" } as const satisfies Record<
  EngagementKind,
  keyof Counts
>;

/** One kind's count moved by `delta` (an optimistic change, or its rollback), never below zero. */
export function shiftCount(kind: EngagementKind, delta: number): CountsChange {
  return (counts) => ({ ...counts, [countOf[kind]]: Math.max(0, counts[countOf[kind]] + delta) });
}

/** The server's totals, with what my still-pending changes add on top. */
export function withPending(counts: EngagementCounts, pending: readonly { kind: EngagementKind; delta: number }[]) {
  return pending.reduce((shown, { kind, delta }) => shiftCount(kind, delta)(shown), counts);
}

function sameCounts(a: EngagementCounts, b: EngagementCounts): boolean {
  return a.likes === b.likes && a.replies === b.replies && a.retweets === b.retweets && a.bookmarks === b.bookmarks;
}

/** The tweet with changed counts if it is the one; the same object otherwise (so unchanged cards keep their props). */
export function patchTweet<T extends Tweet>(tweet: T, tweetId: string, change: CountsChange): T {
  if (tweet.id !== tweetId) return tweet;
  const counts = change(tweet.counts);
  return sameCounts(counts, tweet.counts) ? tweet : { ...tweet, counts };
}

/** Pages of posts (profile, topic, bookmarks). */
export function patchTweetPages<T extends Tweet, Page extends { items: T[] }, Param>(
  data: InfiniteData<Page, Param>,
  tweetId: string,
  change: CountsChange,
): InfiniteData<Page, Param> {
  let touched = false;
  const pages = data.pages.map((page) => {
    if (!page.items.some((item) => item.id === tweetId)) return page;
    touched = true;
    return { ...page, items: page.items.map((item) => patchTweet(item, tweetId, change)) };
  });
  return touched ? { ...data, pages } : data;
}

/** Feed pages (entries carry the post). */
export function patchFeedPages<Page extends { items: FeedEntry[] }, Param>(
  data: InfiniteData<Page, Param>,
  tweetId: string,
  change: CountsChange,
): InfiniteData<Page, Param> {
  let touched = false;
  const pages = data.pages.map((page) => {
    if (!page.items.some((item) => item.tweet.id === tweetId)) return page;
    touched = true;
    const items = page.items.map((item) =>
      item.tweet.id === tweetId ? { ...item, tweet: patchTweet(item.tweet, tweetId, change) } : item,
    );
    return { ...page, items };
  });
  return touched ? { ...data, pages } : data;
}

/** A thread: its ancestors, the post, its replies. */
export function patchThread(thread: Thread, tweetId: string, change: CountsChange): Thread {
  return mapThread(thread, (tweet) => patchTweet(tweet, tweetId, change));
}

/**
 * The tombstone of a post its author deleted, as the server sends one in a thread: nothing of what it said stays,
 * and cards render "This post was deleted by its author." The same object when it is another post or already one.
 */
export function tombstoneOf<T extends Tweet>(tweet: T, tweetId: string): T {
  if (tweet.id !== tweetId || tweet.deleted) return tweet;
  return { ...tweet, content: "", topics: [], deleted: true };
}

/** A thread where the deleted post (ancestor, focus or reply) became its tombstone: its replies keep their place. */
export function deleteInThread(thread: Thread, tweetId: string): Thread {
  return mapThread(thread, (tweet) => tombstoneOf(tweet, tweetId));
}

/** Pages of posts (profile, topic, bookmarks) without a deleted post: those lists never show tombstones. */
export function withoutPost<T extends Tweet, Page extends { items: T[] }, Param>(
  data: InfiniteData<Page, Param>,
  tweetId: string,
): InfiniteData<Page, Param> {
  if (!data.pages.some((page) => page.items.some((item) => item.id === tweetId))) return data;
  const pages = data.pages.map((page) =>
    page.items.some((item) => item.id === tweetId)
      ? { ...page, items: page.items.filter((item) => item.id !== tweetId) }
      : page,
  );
  return { ...data, pages };
}

/** Every post of a thread through `patch`; the same thread object when nothing changed. */
function mapThread(thread: Thread, patch: (tweet: Tweet) => Tweet): Thread {
  const next = {
    ...thread,
    ancestors: thread.ancestors.map(patch),
    tweet: patch(thread.tweet),
    replies: thread.replies.map(patch),
  };
  const changed =
    next.tweet !== thread.tweet ||
    next.ancestors.some((tweet, index) => tweet !== thread.ancestors[index]) ||
    next.replies.some((tweet, index) => tweet !== thread.replies[index]);
  return changed ? next : thread;
}
