import { useEffect, useRef, useState } from "react";
import { isUnauthorized } from "../errors";
import { reconnectDelayMs } from "../live/connection";
import { trpc } from "../trpc";

export type SubscriptionHandlers<Value> = {
  onData(value: Value): void;
  onError(error: unknown): void;
};
export type Unsubscribable = { unsubscribe(): void };

export type LiveSubscriptionState = { status: "off" | "starting" | "live" | "error"; error: unknown };

/**
 * One subscription for as long as `key` stays the same (null: none). Reconnects are the wsClient's job (it
 * resubscribes and resumes by itself); this restarts a subscription the server ended with an error, with backoff,
 * and sends the user back to the login screen when the session is gone.
 */
export function useLiveSubscription<Value>(options: {
  key: string | null;
  subscribe: (handlers: SubscriptionHandlers<Value>) => Unsubscribable;
  onData: (value: Value) => void;
}): LiveSubscriptionState {
  const utils = trpc.useUtils();
  const latest = useRef(options);
  latest.current = options;
  const [restarts, setRestarts] = useState(0);
  const [state, setState] = useState<LiveSubscriptionState>({ status: "off", error: null });
  const failures = useRef(0);
  const { key } = options;

  useEffect(() => {
    // `restarts` is read so that a bump starts a fresh subscription.
    void restarts;
    if (key === null) {
      setState({ status: "off", error: null });
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    setState((previous) => (previous.status === "live" ? previous : { status: "starting", error: null }));
    const subscription = latest.current.subscribe({
      onData(value) {
        if (!active) return;
        failures.current = 0;
        setState((previous) => (previous.status === "live" ? previous : { status: "live", error: null }));
        latest.current.onData(value);
      },
      onError(error) {
        if (!active) return;
        setState({ status: "error", error });
        if (isUnauthorized(error)) {
          // The session ended (logged out elsewhere, expired): AuthGate shows the login screen.
          void utils.auth.me.invalidate();
          return;
        }
        timer = setTimeout(() => setRestarts((count) => count + 1), reconnectDelayMs(failures.current++));
      },
    });
    return () => {
      active = false;
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [key, restarts, utils]);

  return state;
}
