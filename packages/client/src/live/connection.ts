import { reconnectDelay } from "../backoff";
import { createStore, type Store } from "./store";

/** What the connection indicator shows. */
export type ConnectionStatus =
  | { kind: "connecting" }
  | { kind: "connected" }
  | { kind: "reconnecting"; retryAt: number | null; closeCode: number | null }
  | { kind: "offline" };

/** What the wsClient tells us, plus the browser's own idea of being online. */
export type ConnectionInputs = {
  /** tRPC's connectionState: idle (lazy, no socket), connecting, pending (open). */
  state: "idle" | "connecting" | "pending";
  hasError: boolean;
  everConnected: boolean;
  browserOnline: boolean;
  /** When the next reconnect attempt starts (epoch ms), once the client scheduled one. */
  retryAt: number | null;
  closeCode: number | null;
};

export function deriveStatus(inputs: ConnectionInputs): ConnectionStatus {
  if (!inputs.browserOnline) return { kind: "offline" };
  if (inputs.state === "pending") return { kind: "connected" };
  if (inputs.state === "connecting" && (inputs.hasError || inputs.everConnected)) {
    return { kind: "reconnecting", retryAt: inputs.retryAt, closeCode: inputs.closeCode };
  }
  return { kind: "connecting" };
}

/** A browser tab should come back soon: retries stay within 5–10 s however long the outage. */
export const BROWSER_RETRY_CAP_MS = 10_000;

/** Exponential backoff with jitter: 0.5–1 s, 1–2 s, 2–4 s, … capped at 5–10 s. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return reconnectDelay(attempt, BROWSER_RETRY_CAP_MS, random);
}

type StateEvent = { state: "idle" | "connecting" | "pending"; error: unknown };
/** The wsClient's `connectionState` (or `PulseClient.connectionState`). */
export type ConnectionStateObservable = {
  subscribe(observer: { next(value: StateEvent): void }): { unsubscribe(): void };
};
/** Where online/offline events come from: the browser's window (no DOM types needed to name it). */
export type OnlineEventTarget = {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
};

type BrowserGlobals = { window?: OnlineEventTarget; navigator?: { onLine?: boolean } };
const browser = globalThis as BrowserGlobals;

export interface ConnectionMonitor {
  status: Store<ConnectionStatus>;
  /** Passed to the wsClient (or createPulseClient): records when the next attempt is due, then answers the delay. */
  retryDelayMs(attempt: number): number;
  onOpen(): void;
  onClose(cause?: { code?: number }): void;
  /**
   * Follows the wsClient's connectionState and the browser's online/offline events (of `target`, default the
   * window if there is one) until the returned cleanup.
   */
  attach(connectionState: ConnectionStateObservable, target?: OnlineEventTarget): () => void;
}

export type ConnectionMonitorOptions = {
  /** Default: `navigator.onLine`, or always online where there is no navigator (Node). */
  isOnline?: () => boolean;
  /** The reconnect delay (attempt → ms); default `reconnectDelayMs`. */
  retryDelayMs?: (attempt: number) => number;
};

/**
 * What a connection indicator shows ("Live", "Reconnecting in 3 s…", "Offline"), derived from the wsClient's state,
 * its own retry schedule (which tRPC does not expose: the monitor computes the delays and remembers them) and the
 * browser's online/offline events.
 */
export function createConnectionMonitor(options: ConnectionMonitorOptions = {}): ConnectionMonitor {
  const isOnline = options.isOnline ?? (() => browser.navigator?.onLine ?? true);
  const nextDelay = options.retryDelayMs ?? ((attempt: number) => reconnectDelayMs(attempt));
  let inputs: ConnectionInputs = {
    state: "idle",
    hasError: false,
    everConnected: false,
    browserOnline: true,
    retryAt: null,
    closeCode: null,
  };
  const status = createStore<ConnectionStatus>(deriveStatus(inputs));
  const update = (patch: Partial<ConnectionInputs>) => {
    inputs = { ...inputs, ...patch };
    const next = deriveStatus(inputs);
    const previous = status.get();
    if (JSON.stringify(next) !== JSON.stringify(previous)) status.set(next);
  };

  return {
    status,
    retryDelayMs(attempt) {
      const delay = nextDelay(attempt);
      update({ retryAt: Date.now() + delay });
      return delay;
    },
    onOpen() {
      update({ everConnected: true, retryAt: null, closeCode: null });
    },
    onClose(cause) {
      update({ closeCode: cause?.code ?? null });
    },
    attach(connectionState, target = browser.window) {
      update({ browserOnline: isOnline() });
      const subscription = connectionState.subscribe({
        next: (event) => {
          update({
            state: event.state,
            hasError: event.error != null,
            ...(event.state === "pending" ? { everConnected: true, retryAt: null } : {}),
          });
        },
      });
      const online = () => update({ browserOnline: true });
      const offline = () => update({ browserOnline: false });
      target?.addEventListener("online", online);
      target?.addEventListener("offline", offline);
      return () => {
        subscription.unsubscribe();
        target?.removeEventListener("online", online);
        target?.removeEventListener("offline", offline);
      };
    },
  };
}

/** The indicator's words: live, connecting, reconnecting in N s, offline. */
export function describeConnection(status: ConnectionStatus, now: number): string {
  switch (status.kind) {
    case "connected":
      return "Live";
    case "connecting":
      return "Connecting…";
    case "offline":
      return "Offline — waiting for the network";
    case "reconnecting": {
      const seconds = status.retryAt === null ? 0 : Math.ceil((status.retryAt - now) / 1000);
      return seconds > 0 ? `Reconnecting in ${seconds} s…` : "Reconnecting…";
    }
  }
}
