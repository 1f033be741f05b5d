import { createStore, type Store } from "../lib/store";

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

/** Exponential backoff with jitter: 0.5–1 s, 1–2 s, 2–4 s, … capped at 5–10 s (a browser tab should come back soon). */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(10_000, 1000 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

type StateEvent = { state: "idle" | "connecting" | "pending"; error: unknown };
type Observable = { subscribe(observer: { next(value: StateEvent): void }): { unsubscribe(): void } };

export interface ConnectionMonitor {
  status: Store<ConnectionStatus>;
  /** Passed to createWSClient: records when the next attempt is due, then answers the delay. */
  retryDelayMs(attempt: number): number;
  onOpen(): void;
  onClose(cause?: { code?: number }): void;
  /** Follows the wsClient's connectionState and the browser's online/offline events until the returned cleanup. */
  attach(connectionState: Observable, target?: Pick<Window, "addEventListener" | "removeEventListener">): () => void;
}

export function createConnectionMonitor(isOnline: () => boolean = () => navigator.onLine): ConnectionMonitor {
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
      const delay = reconnectDelayMs(attempt);
      update({ retryAt: Date.now() + delay });
      return delay;
    },
    onOpen() {
      update({ everConnected: true, retryAt: null, closeCode: null });
    },
    onClose(cause) {
      update({ closeCode: cause?.code ?? null });
    },
    attach(connectionState, target = window) {
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
      target.addEventListener("online", online);
      target.addEventListener("offline", offline);
      return () => {
        subscription.unsubscribe();
        target.removeEventListener("online", online);
        target.removeEventListener("offline", offline);
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
