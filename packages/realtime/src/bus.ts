export type Listener = (message: unknown) => void;

/** Reports what the bus cannot hand back to a caller: a throwing listener, an unparsable message, a lost connection. */
export type ErrorReporter = (error: unknown) => void;

export interface BusOptions {
  onError?: ErrorReporter;
}

/**
 * A doorbell, not a mailbox: messages say "something changed" and may be lost while Redis is away.
 * PostgreSQL stays the source of truth; `onResync` tells subscribers when to re-read it.
 */
export interface EventBus {
  /** Serializes `message` to JSON once; rejects (never hangs) when the message cannot be handed to Redis. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is live; the returned unsubscribe is idempotent. */
  subscribe(channel: string, listener: Listener): Promise<() => Promise<void>>;
  /** Called after the subscriber connection came back: messages may have been missed, re-read the database. */
  onResync(listener: () => void): () => void;
  /** Channels with at least one local listener. */
  readonly localChannelCount: number;
  readonly localListenerCount: number;
  close(): Promise<void>;
}

export class EventBusClosedError extends Error {
  constructor() {
    super("the event bus is closed");
    this.name = "EventBusClosedError";
  }
}

export function defaultErrorReporter(error: unknown): void {
  console.error("[@pulse/realtime]", error);
}

/** A reporter that never throws: it runs inside ioredis' event handlers, where a throw would crash the process. */
export function safeReporter(onError: ErrorReporter = defaultErrorReporter): ErrorReporter {
  return (error) => {
    try {
      onError(error);
    } catch {
      // The reporter itself failed; there is nowhere left to report to.
    }
  };
}
