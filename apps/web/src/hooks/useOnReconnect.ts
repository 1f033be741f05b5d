import { useEffect, useRef } from "react";
import { useLive } from "../live/session";

/**
 * Calls `onReconnect` each time the socket is connected again after having been down (reconnecting or offline):
 * the moment an error that said "could not reach Pulse" stops being true. Not called for the first connection.
 */
export function useOnReconnect(onReconnect: () => void): void {
  const { connection } = useLive();
  const latest = useRef(onReconnect);
  latest.current = onReconnect;
  useEffect(() => {
    let wasDown = false;
    const check = () => {
      const { kind } = connection.status.get();
      if (kind === "reconnecting" || kind === "offline") wasDown = true;
      else if (kind === "connected" && wasDown) {
        wasDown = false;
        latest.current();
      }
    };
    check();
    return connection.status.subscribe(check);
  }, [connection]);
}
