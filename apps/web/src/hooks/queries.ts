import { trpc } from "../trpc";

/** Page sizes and options shared by the screens and the session streams (same inputs → one cache entry). */
export const FEED_PAGE = 20;
export const NOTIFICATION_PAGE = 20;

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
