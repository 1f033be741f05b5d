import type { InfiniteData } from "@tanstack/react-query";
import type { FeedEntry, Tweet, User } from "../api-types";

/**
 * How live feed events land in the `feed.list` infinite query's cache: pure functions over its pages, so the cache
 * stays the one list the Home screen renders (no second store merged at render time).
 */
type Pages<Page extends { items: FeedEntry[] }, Param> = InfiniteData<Page, Param>;

export type RepostedBy = NonNullable<FeedEntry["repostedBy"]>;

/**
 * The seq of a placeholder, and of my post between `tweet.create`'s answer and the stream's entry for it: above every
 * real seq, so it stays on top, and replaced by the real entry when the stream brings it.
 */
const UNKNOWN_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * A live entry into the first page, in seq order. A post already listed keeps its place (nothing jumps under the
 * reader) and takes the fresher "reposted by"; my own placeholder with the same text gives way to it.
 */
export function insertFeedEntry<Page extends { items: FeedEntry[] }, Param>(
  data: Pages<Page, Param>,
  entry: FeedEntry,
): Pages<Page, Param> {
  const listed = findEntry(data, entry.tweet.id);
  if (listed && listed.seq !== UNKNOWN_SEQ) {
    return mapItems(data, (item) =>
      item === listed && entry.repostedBy && item.seq < entry.seq ? { ...item, repostedBy: entry.repostedBy } : item,
    );
  }
  // My confirmed post (seq unknown until now) or my placeholder with the same text: the entry takes their place.
  const replaced = (item: FeedEntry) =>
    item === listed ||
    (isSending(item.tweet) &&
      item.tweet.author.id === entry.tweet.author.id &&
      item.tweet.content === entry.tweet.content);
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((item) => !replaced(item)) }));
  const [first, ...rest] = pages;
  if (!first) return data;
  const at = first.items.findIndex((item) => item.seq < entry.seq);
  const items = at === -1 ? [...first.items, entry] : [...first.items.slice(0, at), entry, ...first.items.slice(at)];
  return { ...data, pages: [{ ...first, items }, ...rest] };
}

function findEntry(data: { pages: { items: FeedEntry[] }[] }, tweetId: string): FeedEntry | undefined {
  for (const page of data.pages) {
    const found = page.items.find((item) => item.tweet.id === tweetId);
    if (found) return found;
  }
  return undefined;
}

/** Whether the pages list this post. */
export function listsTweet(data: { pages: { items: FeedEntry[] }[] }, tweetId: string): boolean {
  return findEntry(data, tweetId) !== undefined;
}

/** Pages without one post (its author deleted it), wherever it was. */
export function withoutTweet<Page extends { items: FeedEntry[] }, Param>(
  data: Pages<Page, Param>,
  tweetId: string,
): Pages<Page, Param> {
  if (!data.pages.some((page) => page.items.some((item) => item.tweet.id === tweetId))) return data;
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.tweet.id !== tweetId) }));
  return { ...data, pages };
}

/** The newest seq the pages hold (where the feed stream resumes), or 0 for an empty feed. */
export function newestFeedSeq(data: { pages: { items: FeedEntry[] }[] }): number {
  let newest = 0;
  for (const page of data.pages) {
    for (const item of page.items) if (item.seq !== UNKNOWN_SEQ) newest = Math.max(newest, item.seq);
  }
  return newest;
}

// Placeholders carry an id no server id can have: UUIDs never contain a colon.
const SENDING_PREFIX = "sending:";

/** Optimistic placeholders of my posts on their way: cards show them as "Sending…", without actions. */
export function isSending(tweet: Tweet): boolean {
  return tweet.id.startsWith(SENDING_PREFIX);
}

/** The placeholder entry of a post being sent (`requestId` is the draft's idempotency key). */
export function sendingEntry(
  requestId: string,
  author: Pick<User, "id" | "username" | "displayName">,
  content: string,
): FeedEntry {
  const id = `${SENDING_PREFIX}${requestId}`;
  const now = new Date().toISOString();
  return {
    seq: UNKNOWN_SEQ,
    addedAt: now,
    tweet: {
      id,
      author: { id: author.id, username: author.username, displayName: author.displayName },
      content,
      replyToId: null,
      topics: [],
      counts: { tweetId: id, likes: 0, replies: 0, retweets: 0, bookmarks: 0 },
      createdAt: now,
      deleted: false,
    },
  };
}

/** Placeholder first on the first page. */
export function insertSending<Page extends { items: FeedEntry[] }, Param>(
  data: Pages<Page, Param>,
  placeholder: FeedEntry,
): Pages<Page, Param> {
  const [first, ...rest] = data.pages;
  if (!first) return data;
  return { ...data, pages: [{ ...first, items: [placeholder, ...first.items] }, ...rest] };
}

/**
 * The send of `requestId` is over: its placeholder goes. With the created post, the post takes its place (unless the
 * stream brought it first); without (the send failed), nothing else changes — only this placeholder is rolled back.
 */
export function settleSending<Page extends { items: FeedEntry[] }, Param>(
  data: Pages<Page, Param>,
  requestId: string,
  created?: Tweet,
): Pages<Page, Param> {
  const id = `${SENDING_PREFIX}${requestId}`;
  const alreadyListed =
    created !== undefined && data.pages.some((page) => page.items.some((item) => item.tweet.id === created.id));
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.flatMap((item) => {
        if (item.tweet.id !== id) return [item];
        // Its seq stays unknown until the stream brings the entry (see insertFeedEntry).
        return created && !alreadyListed ? [{ ...item, tweet: created }] : [];
      }),
    })),
  };
}

function mapItems<Page extends { items: FeedEntry[] }, Param>(
  data: Pages<Page, Param>,
  change: (item: FeedEntry) => FeedEntry,
): Pages<Page, Param> {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(change) })) };
}

/** "Ana", "Ana and Ben", "Ana, Ben and 3 others". */
export function describeReposters({ users, total }: RepostedBy): string {
  const names = users.map((user) => user.displayName);
  const others = total - names.length;
  if (others > 0) return `${names.join(", ")} and ${others} ${others === 1 ? "other" : "others"}`;
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}
