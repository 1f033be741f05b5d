import { useRef } from "react";
import type { Notification } from "../../api-types";
import { RelativeTime } from "../common/RelativeTime";
import { notificationHref, notificationPhrase } from "./describeNotification";

type NotificationItemProps = { notification: Notification; onRead: (id: string) => void };

export function NotificationItem({ notification, onRead }: NotificationItemProps) {
  const { actor, kind, read, createdAt, id } = notification;
  const linkRef = useRef<HTMLAnchorElement>(null);
  return (
    <li className={read ? "notification" : "notification notification-unread"} data-kind={kind}>
      <span className="notification-dot" aria-hidden="true" />
      <div className="notification-body">
        <a
          ref={linkRef}
          className="notification-link"
          href={notificationHref(notification)}
          onClick={() => !read && onRead(id)}
        >
          {!read && <span className="sr-only">Unread: </span>}
          <strong>
            <bdi>{actor.displayName}</bdi>
          </strong>{" "}
          <span className="muted">@{actor.username}</span> {notificationPhrase(kind)}
        </a>
        <span className="notification-time muted">
          <RelativeTime iso={createdAt} />
        </span>
      </div>
      {!read && (
        <button
          type="button"
          className="link-button notification-mark"
          onClick={() => {
            onRead(id);
            // The button goes away once read: keep focus on this notification instead of dropping it to <body>.
            linkRef.current?.focus();
          }}
        >
          Mark read
          <span className="sr-only">
            : <bdi>{actor.displayName}</bdi> {notificationPhrase(kind)}
          </span>
        </button>
      )}
    </li>
  );
}
