import { useNow } from "../../hooks/useNow";
import { useStore } from "../../lib/store";
import { describeConnection } from "../../live/connection";
import { useLive } from "../../live/session";

/** The socket's state from the wsClient: live, connecting, reconnecting in N s, or offline. */
export function ConnectionIndicator() {
  const live = useLive();
  const status = useStore(live.connection.status);
  const now = useNow(1_000, status.kind === "reconnecting");
  const text = describeConnection(status, now);
  return (
    <p className={`connection connection-${status.kind}`} role="status" data-state={status.kind}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{text}</span>
    </p>
  );
}
