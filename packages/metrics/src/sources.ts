/** State the metrics read at scrape time (never pushed on a hot path). */

/** The WebSocket server's connections and refusals. */
export interface WebSocketSource {
  /** Open sockets with a signed-in user, sockets without one yet, and distinct signed-in users. */
  counts(): { authenticated: number; anonymous: number; activeUsers: number };
  /** Each signed-in user's number of open sockets on this instance (one number per user, no ids). */
  connectionsPerUser(): Iterable<number>;
  /** Connections the server ended, by reason; monotonic counts. */
  readonly closes: ReadonlyMap<string, number>;
  /** Upgrades refused for too many anonymous sockets, by reason; monotonic counts. */
  readonly upgradeRefusals: ReadonlyMap<string, number>;
}

/** The job outbox: rows whose effect is not committed yet. */
export interface OutboxSource {
  backlog(): Promise<{ rows: number; oldestAgeSeconds: number }>;
}

export type QueueState = "waiting" | "active" | "delayed" | "failed";

/** Jobs per queue and state (BullMQ: the cluster's queues; in-process: this process's runner). */
export interface QueueSource {
  depths(): Promise<Record<string, Partial<Record<QueueState, number>>>>;
}
