import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import type { RouterOutputs, Thread, Tweet } from "../api-types";
import {
  type CountsChange,
  deleteInThread,
  patchFeedPages,
  patchThread,
  patchTweet,
  patchTweetPages,
  tombstoneOf,
  withoutPost,
} from "../live/engagement";
import { withoutTweet } from "../live/feed";
import { trpc } from "../trpc";

type PostPages<Path extends "byUser" | "topicFeed" | "bookmarks"> = InfiniteData<
  Path extends "byUser"
    ? RouterOutputs["tweet"]["byUser"]
    : Path extends "topicFeed"
      ? RouterOutputs["discovery"]["topicFeed"]
      : RouterOutputs["engagement"]["bookmarks"]
>;

/**
 * Changes the counts of every cached copy of a post: the feed, threads, single posts, profiles, topics, bookmarks —
 * for every input each of them was fetched with. What a card shows is read from these, so this is the one place
 * engagement counts live.
 */
export function updateTweetCounts(queryClient: QueryClient, tweetId: string, change: CountsChange): void {
  const every = <Data>(queryKey: readonly unknown[], patch: (data: Data) => Data) =>
    queryClient.setQueriesData<Data>({ queryKey }, (data) => (data === undefined ? data : patch(data)));
  every<InfiniteData<RouterOutputs["feed"]["list"]>>(getQueryKey(trpc.feed.list, undefined, "infinite"), (data) =>
    patchFeedPages(data, tweetId, change),
  );
  every<PostPages<"byUser">>(getQueryKey(trpc.tweet.byUser, undefined, "infinite"), (data) =>
    patchTweetPages(data, tweetId, change),
  );
  every<PostPages<"topicFeed">>(getQueryKey(trpc.discovery.topicFeed, undefined, "infinite"), (data) =>
    patchTweetPages(data, tweetId, change),
  );
  every<PostPages<"bookmarks">>(getQueryKey(trpc.engagement.bookmarks, undefined, "infinite"), (data) =>
    patchTweetPages(data, tweetId, change),
  );
  every<Thread>(getQueryKey(trpc.tweet.thread, undefined, "query"), (data) => patchThread(data, tweetId, change));
  every<Tweet>(getQueryKey(trpc.tweet.get, undefined, "query"), (data) => patchTweet(data, tweetId, change));
}

/**
 * A post its author deleted, in every cached copy: threads (and a single cached post) show its tombstone, so the
 * replies under it keep their place; the feed, profile posts, topic pages and bookmarks drop it — the server lists
 * them without deleted posts, and a tombstone there would be a hole with nothing under it.
 */
export function markTweetDeleted(queryClient: QueryClient, tweetId: string): void {
  const every = <Data>(queryKey: readonly unknown[], patch: (data: Data) => Data) =>
    queryClient.setQueriesData<Data>({ queryKey }, (data) => (data === undefined ? data : patch(data)));
  every<InfiniteData<RouterOutputs["feed"]["list"]>>(getQueryKey(trpc.feed.list, undefined, "infinite"), (data) =>
    withoutTweet(data, tweetId),
  );
  every<PostPages<"byUser">>(getQueryKey(trpc.tweet.byUser, undefined, "infinite"), (data) =>
    withoutPost(data, tweetId),
  );
  every<PostPages<"topicFeed">>(getQueryKey(trpc.discovery.topicFeed, undefined, "infinite"), (data) =>
    withoutPost(data, tweetId),
  );
  every<PostPages<"bookmarks">>(getQueryKey(trpc.engagement.bookmarks, undefined, "infinite"), (data) =>
    withoutPost(data, tweetId),
  );
  every<Thread>(getQueryKey(trpc.tweet.thread, undefined, "query"), (data) => deleteInThread(data, tweetId));
  every<Tweet>(getQueryKey(trpc.tweet.get, undefined, "query"), (data) => tombstoneOf(data, tweetId));
}
