import { useRef } from "react";
import type { NotificationGroup } from "../../api-types";
import { RelativeTime } from "../common/RelativeTime";
import { groupHref, groupTail, notificationPhrase, othersPhrase, plural } from "./describeNotification";

type NotificationItemProps = { group: NotificationGroup; read: boolean; onRead: (ids: string[]) => void };

/** One row per kind and post: "Ana and 4 others liked your post", the start of the post, when, Mark read. */
export function NotificationItem({ group, read, onRead }: NotificationItemProps) {
  const { actors, kind, preview, latestAt, unreadIds } = group;
  const linkRef = useRef<HTMLAnchorElement>(null);
  const [first] = actors;
  const { second, others } = othersPhrase(group);
  return (
    <li className={read ? "notification" : "notification notification-unread"} data-kind={kind} data-key={group.key}>
      <span className="notification-dot" aria-hidden="true" />
      <div className="notification-body">
        <a
          ref={linkRef}
          className="notification-link"
          href={groupHref(group)}
          onClick={() => !read && onRead(unreadIds)}
        >
          <span>
            {!read && <span className="sr-only">Unread: </span>}
            <strong>
              <bdi>{first?.displayName}</bdi>
            </strong>
            {group.actorCount === 1 && first && <span className="muted"> @{first.username}</span>}
            {second && (
              <>
                {" and "}
                <strong>
                  <bdi>{second}</bdi>
                </strong>
              </>
            )}
            {others > 0 && ` and ${others} ${plural(others)}`} {notificationPhrase(kind)}
          </span>
        </a>
        {preview && (
          <p className="notification-preview muted">
            <bdi>{preview}</bdi>
          </p>
        )}
        <span className="notification-time muted">
          <RelativeTime iso={latestAt} />
        </span>
      </div>
      {!read && (
        <button
          type="button"
          className="link-button notification-mark"
          onClick={() => {
            onRead(unreadIds);
            // The button goes away once read: keep focus on this notification instead of dropping it to <body>.
            linkRef.current?.focus();
          }}
        >
          Mark read
          <span className="sr-only">
            : <bdi>{first?.displayName}</bdi>
            {groupTail(group)}
          </span>
        </button>
      )}
    </li>
  );
}
