/**
 * What each package records, as narrow interfaces: a package takes one of these as an optional dependency, and
 * `PulseMetrics` implements them all. Every label value passed here comes from a fixed set in the caller's code.
 */

/** The event bus (packages/realtime). */
export interface BusMetrics {
  /** The Redis subscriber connection came back after a loss. */
  subscriberReconnected(): void;
  /** Seconds from PUBLISH (the publisher's clock) to this process receiving the message. */
  pubSubLag(seconds: number): void;
}

export type JobOutcome = "completed" | "failed";

/** The job runners (packages/jobs): one call per processor run, BullMQ or in-process alike. */
export interface JobMetrics {
  jobFinished(queue: string, outcome: JobOutcome, seconds: number): void;
}

/** The router's refusals (packages/api). */
export interface ApiMetrics {
  /** A rate limit refused a call: `limit` names which (mutations, queries, login, subscriptions_per_connection…). */
  rateLimitRejected(limit: string): void;
  /** A credential was refused: `reason` is one of a fixed set (invalid_credentials, invalid_session…). */
  authRejected(reason: string): void;
  /** A live subscription of `path` (a procedure path of the router) started or ended on a WebSocket. */
  subscriptionOpened(path: string): void;
  subscriptionClosed(path: string): void;
}

/** The WebSocket transport (apps/server): one call per message with a commit time handed to a socket. */
export interface DeliveryMetrics {
  /** `committedAtMs`: when the event's row was written (epoch ms). */
  delivered(committedAtMs: number): void;
}

/** The dependency monitor: whether a dependency answers, and since when it has not. */
export interface DependencyMetrics {
  dependencyStatus(dependency: string, up: boolean, failingSinceMs: number | undefined): void;
}
