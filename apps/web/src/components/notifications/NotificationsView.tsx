import { useStore } from "@pulse/client/react";
import { useEffect, useId, useRef, useState } from "react";
import type { NotificationGroup } from "../../api-types";
import { useMarkRead } from "../../hooks/useMarkRead";
import type { NotificationsLiveState } from "../../live/notifications";
import { useLive } from "../../live/session";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { ViewHeading } from "../common/ViewHeading";
import { NotificationItem } from "./NotificationItem";
import { NotificationSettings } from "./NotificationSettings";

const GROUP_PAGE = 20;

function isRead(group: NotificationGroup, live: NotificationsLiveState): boolean {
  return (
    group.unreadCount === 0 ||
    group.latestSeq <= live.readUpToSeq ||
    group.unreadIds.every((id) => live.readIds.has(id))
  );
}

/**
 * Notifications grouped per kind and post, as the server groups them (whole-group counts, a preview of the post).
 * The session's stream says when something changed (new or retracted); the groups are then refetched, one fetch at
 * a time, so a burst costs one or two fetches. Opening the screen, and anything arriving while it is open and
 * visible, moves the seen marker: the badge clears on every tab.
 */
export function NotificationsView() {
  const live = useLive();
  const utils = trpc.useUtils();
  const liveState = useStore(live.notifications);
  const groups = trpc.notification.groups.useInfiniteQuery(
    { limit: GROUP_PAGE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 0, refetchOnWindowFocus: false },
  );
  const { markRead, markAllRead, error } = useMarkRead();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsId = useId();
  const items = groups.data?.pages.flatMap((page) => page.items) ?? [];
  const newestShown = groups.data?.pages[0]?.items[0]?.latestSeq ?? 0;
  const newestSeq = Math.max(liveState.lastSeq, newestShown);

  // Refetch when the stream delivered past what the last fetch covered; never two fetches at once.
  const fetchedThrough = useRef(live.notifications.get().lastSeq);
  const [refetching, setRefetching] = useState(false);
  const { refetch } = groups;
  useEffect(() => {
    if (refetching || liveState.lastSeq <= fetchedThrough.current) return;
    fetchedThrough.current = liveState.lastSeq;
    setRefetching(true);
    void refetch().finally(() => setRefetching(false));
  }, [liveState.lastSeq, refetching, refetch]);

  useMarkSeen(groups.isSuccess, newestSeq);

  const anyUnread = items.some((group) => !isRead(group, liveState));

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
            onClick={() => anyUnread && markAllRead(newestSeq)}
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
              <NotificationItem key={group.key} group={group} read={isRead(group, liveState)} onRead={markRead} />
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
  const live = useLive();
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
    live.unread.set(0);
    // On failure the next change tries again; the count stream keeps the badge honest meanwhile.
    mutate({ upToSeq: newestSeq }, { onError: () => (sent.current = previous) });
  }, [ready, visible, newestSeq, live, mutate]);
}
