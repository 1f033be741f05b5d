import { queryOptions, skipToken } from "@tanstack/react-query";
import type { MatchResultEvent } from "../api-types";
import { trpc } from "../trpc";

/** Page sizes and options shared by the screens and the session streams (same inputs → one cache entry). */
export const FEED_PAGE = 20;
export const NOTIFICATION_PAGE = 20;
export const GROUP_PAGE = 20;

export function useFeedPages() {
  return trpc.feed.list.useInfiniteQuery(
    { limit: FEED_PAGE },
    // The stream keeps it current; it is refetched only after a reset.
    { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: Number.POSITIVE_INFINITY },
  );
}

export function useNotificationPages() {
  return trpc.notification.list.useInfiniteQuery(
    { limit: NOTIFICATION_PAGE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: Number.POSITIVE_INFINITY },
  );
}

/**
 * The unread badge. Only `notification.onUnreadCount` writes it (its first message is the current count), so it is
 * never fetched: an HTTP answer could land after a newer count from the stream. Undefined until the first message.
 */
export function useUnreadCount(): number | undefined {
  return trpc.notification.unreadCount.useQuery(undefined, { enabled: false, staleTime: Number.POSITIVE_INFINITY })
    .data;
}

/**
 * Finished match requests of this user (any tab), newest first, as `match.onResult` delivers them. There is no list
 * query for them: the stream (replayed from the start) is the source, and this cache entry is where it lands.
 */
export const matchResultsQuery = queryOptions<MatchResultEvent[]>({
  queryKey: ["pulse", "match-results"],
  queryFn: skipToken,
  staleTime: Number.POSITIVE_INFINITY,
});
