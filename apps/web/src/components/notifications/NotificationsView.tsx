import { useEffect, useId, useRef, useState } from "react";
import { GROUP_PAGE, useNotificationPages } from "../../hooks/queries";
import { useMarkRead } from "../../hooks/useMarkRead";
import { isGroupRead, newestNotificationSeq } from "../../live/notifications";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { ViewHeading } from "../common/ViewHeading";
import { NotificationItem } from "./NotificationItem";
import { NotificationSettings } from "./NotificationSettings";

/**
 * Notifications grouped per kind and post, as the server groups them (whole-group counts, a preview of the post).
 * The session's stream refetches them when something changed (new or retracted), one fetch at a time, so a burst
 * costs one or two fetches; read marks are written into the cached groups at once (useMarkRead). Opening the screen, and anything arriving while it is open and
 * visible, moves the seen marker: the badge clears on every tab.
 */
export function NotificationsView() {
  const utils = trpc.useUtils();
  const groups = trpc.notification.groups.useInfiniteQuery(
    { limit: GROUP_PAGE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 0, refetchOnWindowFocus: false },
  );
  const { markRead, markAllRead, error } = useMarkRead();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsId = useId();
  const items = groups.data?.pages.flatMap((page) => page.items) ?? [];
  // The newest seq held: the groups' and the live list's (which the stream fills before the groups are refetched).
  const listed = useNotificationPages().data;
  const newestSeq = Math.max(
    groups.data?.pages[0]?.items[0]?.latestSeq ?? 0,
    listed ? newestNotificationSeq(listed) : 0,
  );

  useMarkSeen(groups.isSuccess, newestSeq);

  const anyUnread = items.some((group) => !isGroupRead(group));

  return (
    <section className="view" aria-labelledby="view-title">
      <div className="view-header">
        <ViewHeading>Notifications</ViewHeading>
        <div className="view-actions">
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={settingsOpen}
            aria-controls={settingsId}
            onClick={() => setSettingsOpen((open) => !open)}
          >
            Settings
          </button>
          <button
            type="button"
            className="button button-secondary"
            // aria-disabled, not disabled: a disabled button drops keyboard focus to <body> right after the click.
            aria-disabled={!anyUnread}
            onClick={() => anyUnread && markAllRead()}
          >
            Mark all as read
          </button>
        </div>
      </div>
      <div id={settingsId}>
        {settingsOpen && (
          <NotificationSettings
            onChanged={() => {
              void utils.notification.groups.invalidate();
              void utils.notification.list.invalidate();
            }}
          />
        )}
      </div>
      <div className="form-error" aria-live="assertive">
        {error && <p>{error}</p>}
      </div>
      {groups.isPending ? (
        <LoadingState label="Loading notifications…" />
      ) : groups.isError && items.length === 0 ? (
        <ErrorNotice
          title="Notifications could not be loaded"
          error={groups.error}
          retrying={groups.isFetching}
          onRetry={() => void groups.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState title="No notifications yet">
          <p className="muted">
            Likes, replies, retweets, mentions and new followers show up here the moment they happen.
          </p>
        </EmptyState>
      ) : (
        <>
          <ul className="notification-list card" aria-label="Notifications, newest first">
            {items.map((group) => (
              <NotificationItem key={group.key} group={group} read={isGroupRead(group)} onRead={markRead} />
            ))}
          </ul>
          <LoadMoreButton
            hasMore={groups.hasNextPage}
            loading={groups.isFetchingNextPage}
            onLoad={() => void groups.fetchNextPage()}
            label="Show older notifications"
          />
        </>
      )}
    </section>
  );
}

/**
 * While the list is on screen and the page visible, everything up to `newestSeq` counts as seen: the badge drops
 * at once here, and on every other tab when the server's count stream follows.
 */
function useMarkSeen(ready: boolean, newestSeq: number) {
  const utils = trpc.useUtils();
  const markSeen = trpc.notification.markSeen.useMutation();
  const { mutate } = markSeen;
  const sent = useRef(0);
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  useEffect(() => {
    if (!ready || !visible || newestSeq <= sent.current) return;
    const previous = sent.current;
    sent.current = newestSeq;
    utils.notification.unreadCount.setData(undefined, 0);
    // On failure the next change tries again; the count stream keeps the badge honest meanwhile.
    mutate({ upToSeq: newestSeq }, { onError: () => (sent.current = previous) });
  }, [ready, visible, newestSeq, utils, mutate]);
}
