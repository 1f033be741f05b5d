import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import type { RouterOutputs, Thread, Tweet } from "../api-types";
import { type CountsChange, patchFeedPages, patchThread, patchTweet, patchTweetPages } from "../live/engagement";
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
