import { isTRPCClientError } from "@trpc/client";
import { useEffect, useRef, useState } from "react";
import { reconnectDelayMs } from "../live/connection";

export type SubscriptionHandlers<Value> = {
  onData(value: Value): void;
  onError(error: unknown): void;
};
export type Unsubscribable = { unsubscribe(): void };

export type LiveSubscriptionState = { status: "off" | "starting" | "live" | "error"; error: unknown };

export type LiveSubscriptionOptions<Value> = {
  /** One subscription while the key stays the same; a new key starts a new one; null: none. */
  key: string | null;
  /** Starts it: `(handlers) => trpc.useUtils().client.trending.onUpdate.subscribe(undefined, handlers)`. */
  subscribe: (handlers: SubscriptionHandlers<Value>) => Unsubscribable;
  onData: (value: Value) => void;
  /** The server refused it as UNAUTHORIZED (the session is gone): it is not restarted; send the user to log in. */
  onUnauthorized?: (error: unknown) => void;
};

/** The server's "not signed in" answer: retrying with the same credentials cannot succeed. */
export function isUnauthorizedError(error: unknown): boolean {
  if (!isTRPCClientError(error)) return false;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "code" in data && data.code === "UNAUTHORIZED";
}

/**
 * One subscription for as long as `key` stays the same. Reconnects are the wsClient's job (it resubscribes and
 * resumes by itself); this restarts a subscription the server ended with an error, with backoff, except when the
 * session is gone (`onUnauthorized`).
 */
export function useLiveSubscription<Value>(options: LiveSubscriptionOptions<Value>): LiveSubscriptionState {
  // The latest callbacks, read when called: a new closure each render must not restart the subscription.
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
        if (isUnauthorizedError(error)) {
          latest.current.onUnauthorized?.(error);
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
  }, [key, restarts]);

  return state;
}
