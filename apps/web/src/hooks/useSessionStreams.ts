import { skipToken, useQueryClient } from "@tanstack/react-query";
import { getMutationKey, getQueryKey } from "@trpc/react-query";
import { useState } from "react";
import type { User } from "../api-types";
import { createSerialRefresh } from "../lib/serial-refresh";
import { insertFeedEntry, listsTweet, newestFeedSeq, withoutTweet } from "../live/feed";
import { addMatchResult } from "../live/matches";
import {
  insertNotification,
  isReadTarget,
  markGroupsRead,
  newestNotificationSeq,
  withoutNotification,
} from "../live/notifications";
import { useLive } from "../live/session";
import { trpc } from "../trpc";
import {
  FEED_PAGE,
  GROUP_PAGE,
  matchResultsQuery,
  NOTIFICATION_PAGE,
  useFeedPages,
  useNotificationPages,
} from "./queries";
import { useResumeInput, useStreamRestart } from "./useStreamRestart";

/**
 * The subscriptions that live as long as the session, whatever screen is open: the feed, notifications with their
 * unread count, and match results. Each writes what it receives into the query cache, where the screens read it.
 * A persisted stream starts right after the newest item of its cached first page, so nothing falls between the list
 * and the stream; the wsClient resends the last id it received on every reconnect.
 */
export function useSessionStreams(me: User) {
  const live = useLive();
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const feed = useFeedPages();
  const notifications = useNotificationPages();
  const feedInput = { limit: FEED_PAGE };
  const notificationInput = { limit: NOTIFICATION_PAGE };
  const feedKey = getQueryKey(trpc.feed.list, feedInput, "infinite");
  const notificationKey = getQueryKey(trpc.notification.list, notificationInput, "infinite");

  // The grouped list is the server's to compute: refetched after a change, one fetch at a time. A mark-read still on
  // its way is applied again on top: the refetch may answer with the unread state from before it.
  const [refreshGroups] = useState(() =>
    createSerialRefresh(async () => {
      await utils.notification.groups.invalidate();
      const pendingMarks = queryClient
        .getMutationCache()
        .findAll({ mutationKey: getMutationKey(trpc.notification.markRead), status: "pending" })
        .map((mutation) => mutation.state.variables)
        .filter(isReadTarget);
      for (const target of pendingMarks) {
        utils.notification.groups.setInfiniteData(
          { limit: GROUP_PAGE },
          (data) => data && markGroupsRead(data, target).data,
        );
      }
    }),
  );

  const feedResume = useResumeInput(startAfter(feed, newestFeedSeq));
  const feedStream = trpc.feed.onNew.useSubscription(feedResume.input ?? skipToken, {
    onData: ({ id, data: item }) => {
      feedResume.seen(id);
      if (item.type === "reset") {
        // Missed too much: the list is fetched again and holds everything that waited.
        live.feedHeld.set(new Set());
        void utils.feed.list.invalidate();
      } else if (item.type === "removed") {
        live.writes.write(feedKey, () =>
          utils.feed.list.setInfiniteData(feedInput, (data) => data && withoutTweet(data, item.tweetId)),
        );
        live.feedHeld.set((held) => without(held, item.tweetId));
      } else {
        const entry = item.event;
        const cached = utils.feed.list.getInfiniteData(feedInput);
        const fresh = cached !== undefined && !listsTweet(cached, entry.tweet.id);
        live.writes.write(feedKey, () =>
          utils.feed.list.setInfiniteData(feedInput, (data) => data && insertFeedEntry(data, entry)),
        );
        // Others' posts wait behind "Show N new posts"; mine show at once (I just wrote them).
        if (fresh && entry.tweet.author.id !== me.id) live.feedHeld.set((held) => new Set([...held, entry.tweet.id]));
      }
    },
  });
  useStreamRestart(feedStream, feedResume.restart);

  const notificationResume = useResumeInput(startAfter(notifications, newestNotificationSeq));
  const notificationStream = trpc.notification.onNew.useSubscription(
    notificationResume.input ? { ...notificationResume.input, retractions: true } : skipToken,
    {
      onData: ({ id, data: item }) => {
        notificationResume.seen(id);
        if (item.type === "reset") {
          void utils.notification.list.invalidate();
          void utils.notification.groups.invalidate();
          return;
        }
        if (item.type === "retracted") {
          const { notificationId } = item;
          live.writes.write(notificationKey, () =>
            utils.notification.list.setInfiniteData(
              notificationInput,
              (data) => data && withoutNotification(data, notificationId),
            ),
          );
        } else {
          const notification = item.event;
          live.writes.write(notificationKey, () =>
            utils.notification.list.setInfiniteData(
              notificationInput,
              (data) => data && insertNotification(data, notification),
            ),
          );
        }
        refreshGroups();
      },
    },
  );
  useStreamRestart(notificationStream, notificationResume.restart);

  const unreadStream = trpc.notification.onUnreadCount.useSubscription(undefined, {
    onData: ({ unread }) => utils.notification.unreadCount.setData(undefined, unread),
  });
  useStreamRestart(unreadStream);

  // From the first result: the match screen shows the latest one even after a reload.
  const matchResume = useResumeInput("0");
  const matchStream = trpc.match.onResult.useSubscription(matchResume.input ?? skipToken, {
    onData: ({ id, data: item }) => {
      matchResume.seen(id);
      if (item.type === "event") {
        const event = item.event;
        queryClient.setQueryData(matchResultsQuery.queryKey, (results) => addMatchResult(results, event));
      }
    },
  });
  useStreamRestart(matchStream, matchResume.restart);
}

type FirstPageQuery<Data> = { data?: Data | undefined; isError: boolean };

/** After the newest cached item; null (from now on) if the list failed; undefined while it loads. */
function startAfter<Data>(query: FirstPageQuery<Data>, newest: (data: Data) => number): string | null | undefined {
  if (query.data !== undefined) return String(newest(query.data));
  return query.isError ? null : undefined;
}

function without(held: ReadonlySet<string>, tweetId: string): ReadonlySet<string> {
  if (!held.has(tweetId)) return held;
  const next = new Set(held);
  next.delete(tweetId);
  return next;
}
