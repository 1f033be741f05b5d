import { useStore } from "@pulse/client/react";
import { useMemo } from "react";
import { useNotificationPages } from "../../hooks/queries";
import { useMarkRead } from "../../hooks/useMarkRead";
import { mergeNotifications } from "../../live/notifications";
import { useLive } from "../../live/session";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { ViewHeading } from "../common/ViewHeading";
import { NotificationItem } from "./NotificationItem";

export function NotificationsView() {
  const live = useLive();
  const pages = useNotificationPages();
  const liveState = useStore(live.notifications);
  const unread = useStore(live.unread);
  const { markRead, markAllRead, error } = useMarkRead();
  const fetched = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const items = useMemo(() => mergeNotifications(liveState, fetched), [liveState, fetched]);
  const anyUnread = (unread ?? 0) > 0 || items.some((item) => !item.read);

  return (
    <section className="view" aria-labelledby="view-title">
      <div className="view-header">
        <ViewHeading>Notifications</ViewHeading>
        <button
          type="button"
          className="button button-secondary"
          // aria-disabled, not disabled: a disabled button drops keyboard focus to <body> right after the click.
          aria-disabled={!anyUnread}
          onClick={() => anyUnread && markAllRead(items[0]?.seq ?? 0)}
        >
          Mark all as read
        </button>
      </div>
      <div className="form-error" aria-live="assertive">
        {error && <p>{error}</p>}
      </div>
      {pages.isPending ? (
        <LoadingState label="Loading notifications…" />
      ) : pages.isError && items.length === 0 ? (
        <ErrorNotice
          title="Notifications could not be loaded"
          error={pages.error}
          retrying={pages.isFetching}
          onRetry={() => void pages.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState title="No notifications yet">
          <p className="muted">
            Likes, replies, retweets, mentions and new followers show up here the moment they happen.
          </p>
        </EmptyState>
      ) : (
        <>
          <ul
            className="notification-list card"
            aria-label="Notifications, newest first"
            aria-live="polite"
            aria-relevant="additions"
          >
            {items.map((item) => (
              <NotificationItem key={item.id} notification={item} onRead={(id) => markRead([id])} />
            ))}
          </ul>
          <LoadMoreButton
            hasMore={pages.hasNextPage}
            loading={pages.isFetchingNextPage}
            onLoad={() => void pages.fetchNextPage()}
            label="Show older notifications"
          />
        </>
      )}
    </section>
  );
}
