import { useConnectionStatus } from "@pulse/client/react";
import { useLive } from "../../live/session";

/** The socket's state from the wsClient: live, connecting, reconnecting in N s, or offline. */
export function ConnectionIndicator() {
  const live = useLive();
  const { status, text } = useConnectionStatus(live.connection);
  return (
    <p className={`connection connection-${status.kind}`} role="status" data-state={status.kind}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{text}</span>
    </p>
  );
}
