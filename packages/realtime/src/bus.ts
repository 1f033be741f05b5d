import type { BusMetrics } from "@pulse/metrics";
import type { Channel } from "./channel";

/** Receives each message of a channel, already checked against the channel's schema. */
export type Listener<Message> = (message: Message) => void;

/**
 * Reports what the bus cannot hand back to a caller: a throwing listener, a message that is not JSON or not what its
 * channel carries (dropped), a lost connection.
 */
export type ErrorReporter = (error: unknown) => void;

export interface BusOptions {
  onError?: ErrorReporter;
  /** Subscriber reconnects and pub/sub lag (Redis bus only); absent → nothing recorded. */
  metrics?: BusMetrics | undefined;
}

/** A listener of one channel, registered locally at once; Redis acknowledges the channel in the background. */
export interface BusSubscription {
  /**
   * Whether every message published from now on reaches the listener, or else an `onResync` follows (the channel
   * is acknowledged, or held by a connection that resubscribes and resyncs when it comes back).
   */
  readonly isLive: boolean;
  /** Resolves once `isLive`; rejects when the channel cannot be subscribed (the bus closed), the listener removed. */
  readonly live: Promise<void>;
  /** Idempotent. Removes the listener at once; the UNSUBSCRIBE it may cause completes in the background. */
  unsubscribe(): Promise<void>;
}

/**
 * A doorbell, not a mailbox: messages say "something changed" and may be lost while Redis is away.
 * PostgreSQL stays the source of truth; `onResync` tells subscribers when to re-read it.
 */
export interface EventBus {
  /** Serializes `message` to JSON once; rejects (never hangs) when the message cannot be handed to Redis. */
  publish<Message>(channel: Channel<Message>, message: Message): Promise<void>;
  /** Resolves once the subscription is live (it waits for Redis); the returned unsubscribe is idempotent. */
  subscribe<Message>(channel: Channel<Message>, listener: Listener<Message>): Promise<() => Promise<void>>;
  /**
   * Listens without waiting for Redis: a stream can serve its database replay while Redis is away, and re-read
   * the database once `live` resolves to cover what was committed before then. Throws when the bus is closed.
   */
  listen<Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription;
  /** Called after the subscriber connection came back: messages may have been missed, re-read the database. */
  onResync(listener: () => void): () => void;
  /**
   * Whether the subscriber connection is up (always, in-process). While it is not, live events wait for the
   * reconnect and its resync: the instance serves, degraded.
   */
  readonly subscriberConnected: boolean;
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
