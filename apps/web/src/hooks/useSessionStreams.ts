import { useLiveSubscription, useTrackedStream } from "@pulse/client/react";
import type { FeedStreamItem, MatchResultStreamItem, NotificationStreamItem, User } from "../api-types";
import { withoutTweet } from "../live/feed";
import { type StreamName, useLive } from "../live/session";
import { trpc } from "../trpc";
import { FEED_PAGE, useFeedPages, useNotificationPages } from "./queries";
import { useSessionLost } from "./useSessionLost";

/**
 * The subscriptions that live as long as the session, whatever screen is open: the feed, notifications with
 * their unread count, and match results. Each persisted stream starts right after the newest item of its first
 * page, so nothing falls between the list and the stream; later (re)subscriptions resume from the last id seen.
 */
export function useSessionStreams(me: User) {
  const live = useLive();
  const utils = trpc.useUtils();
  const onSessionLost = useSessionLost();
  const { cursors } = live;
  const feed = useFeedPages();
  const notifications = useNotificationPages();

  useTrackedStream<FeedStreamItem, StreamName>({
    cursors,
    stream: "feed",
    startAfter: startAfterFirstPage(feed),
    subscribe: (lastEventId, handlers) => utils.client.feed.onNew.subscribe({ lastEventId }, handlers),
    onData: (item) => {
      if (item.type === "reset") {
        live.feed.clear();
        void utils.feed.list.invalidate();
      } else if (item.type === "removed") {
        live.feed.remove(item.tweetId);
        utils.feed.list.setInfiniteData({ limit: FEED_PAGE }, (data) => data && withoutTweet(data, item.tweetId));
      } else {
        live.feed.receive(item.event, me.id);
      }
    },
    onUnauthorized: onSessionLost,
  });

  useTrackedStream<NotificationStreamItem, StreamName>({
    cursors,
    stream: "notifications",
    startAfter: startAfterFirstPage(notifications),
    subscribe: (lastEventId, handlers) =>
      utils.client.notification.onNew.subscribe({ lastEventId, retractions: true }, handlers),
    onData: (item) => {
      if (item.type === "reset") {
        live.notifications.clear();
        void utils.notification.list.invalidate();
        void utils.notification.groups.invalidate();
      } else if (item.type === "retracted") {
        live.notifications.retract(item.notificationId, item.seq);
      } else {
        live.notifications.receive(item.event);
      }
    },
    onUnauthorized: onSessionLost,
  });

  useLiveSubscription<{ unread: number }>({
    key: "unread",
    subscribe: (handlers) => utils.client.notification.onUnreadCount.subscribe(undefined, handlers),
    onData: ({ unread }) => live.unread.set(unread),
    onUnauthorized: onSessionLost,
  });

  // From the first result: the match screen shows the latest one even after a reload.
  useTrackedStream<MatchResultStreamItem, StreamName>({
    cursors,
    stream: "matchResults",
    startAfter: "0",
    subscribe: (lastEventId, handlers) => utils.client.match.onResult.subscribe({ lastEventId }, handlers),
    onData: (item) => {
      if (item.type === "event") live.matches.receive(item.event);
    },
    onUnauthorized: onSessionLost,
  });
}

type FirstPageQuery = {
  data?: { pages: { items: { seq: number }[] }[] } | undefined;
  isError: boolean;
};

/** After the newest listed item; null (from now on) if the list failed; undefined while it loads. */
function startAfterFirstPage(query: FirstPageQuery): string | null | undefined {
  const first = query.data?.pages[0];
  if (first) return String(first.items[0]?.seq ?? 0);
  return query.isError ? null : undefined;
}
