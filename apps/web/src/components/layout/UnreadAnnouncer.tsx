import { useStore } from "@pulse/client/react";
import { useEffect, useRef, useState } from "react";
import { useLive } from "../../live/session";

/** Announces when the unread count grows (a new notification), wherever the reader is; sets the tab title too. */
export function UnreadAnnouncer() {
  const live = useLive();
  const unread = useStore(live.unread);
  const previous = useRef<number | null>(null);
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (unread !== null && previous.current !== null && unread > previous.current) {
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
