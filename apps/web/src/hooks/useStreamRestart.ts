import { isUnauthorizedError, reconnectDelayMs } from "@pulse/client/react";
import { useEffect, useRef, useState } from "react";
import { useSessionLost } from "./useSessionLost";

/** What `trpc.x.useSubscription` answers that a restart needs. */
type SubscriptionState = { status: "idle" | "connecting" | "pending" | "error"; error: unknown; reset: () => void };

/**
 * `useSubscription` stays down once the server ends it with an error (a reconnect is the wsClient's job and is not
 * one). This starts it again with backoff — from where the stream got to, when `restart` can say so — except when
 * the session is gone: then `auth.me` is refetched and the login screen shows.
 */
export function useStreamRestart(subscription: SubscriptionState, restart?: () => boolean): void {
  const onSessionLost = useSessionLost();
  const failures = useRef(0);
  const latestRestart = useRef(restart);
  latestRestart.current = restart;
  const { status, error, reset } = subscription;
  useEffect(() => {
    if (status === "pending") failures.current = 0;
    if (status !== "error") return;
    if (isUnauthorizedError(error)) {
      onSessionLost();
      return;
    }
    const timer = setTimeout(
      () => {
        if (!latestRestart.current?.()) reset();
      },
      reconnectDelayMs(failures.current++),
    );
    return () => clearTimeout(timer);
  }, [status, error, reset, onSessionLost]);
}

/**
 * The `lastEventId` input of a persisted stream (tracked ids). It is fixed when the stream starts — after
 * `startAfter` (null: from now; undefined: not ready yet) — so new events do not restart the subscription: on a
 * reconnect the wsClient itself resends the last id it received. Only a restart after a server error moves it, to
 * the last id seen (`restart`, for `useStreamRestart`).
 */
export function useResumeInput(startAfter: string | null | undefined) {
  const [from, setFrom] = useState<{ lastEventId: string | null } | undefined>(undefined);
  const lastSeen = useRef<string | null>(null);
  if (from === undefined && startAfter !== undefined) setFrom({ lastEventId: startAfter });
  return {
    input: from,
    seen(id: string) {
      // Ids are per-stream sequence numbers: never move backwards.
      if (lastSeen.current === null || Number(id) > Number(lastSeen.current)) lastSeen.current = id;
    },
    restart(): boolean {
      const latest = lastSeen.current;
      if (latest === null || latest === from?.lastEventId) return false;
      setFrom({ lastEventId: latest });
      return true;
    },
  };
}
