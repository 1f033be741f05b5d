import { useEffect, useRef, useState } from "react";
import { useUnreadCount } from "../../hooks/queries";

/** Announces when the unread count grows (a new notification), wherever the reader is; sets the tab title too. */
export function UnreadAnnouncer() {
  const unread = useUnreadCount();
  const previous = useRef<number | undefined>(undefined);
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (unread !== undefined && previous.current !== undefined && unread > previous.current) {
      setMessage(`${unread} unread ${unread === 1 ? "notification" : "notifications"}`);
    }
    previous.current = unread;
    document.title = unread ? `(${unread}) Pulse` : "Pulse";
  }, [unread]);

  useEffect(
    () => () => {
      document.title = "Pulse";
    },
    [],
  );

  return (
    <p className="sr-only" aria-live="polite">
      {message}
    </p>
  );
}
