import { z } from "zod";

/** The payload of every job, validated when it is enqueued and again before it runs. */
export const jobPayloads = {
  /** Copy a new tweet into the feed of its author and of every follower. */
  "feed.fanout": z.object({ tweetId: z.uuid() }),
  /** Recompute the trending topics (scheduled once per cluster per interval). */
  "trending.compute": z.object({}),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<Name extends JobName> = z.output<(typeof jobPayloads)[Name]>;

export const jobNames = Object.keys(jobPayloads) as JobName[];

/** One queue per job kind, so a burst of one kind (a fan-out to 100 000 followers) never starves the other. */
export const queueNames: Record<JobName, string> = {
  "feed.fanout": "feed-fanout",
  "trending.compute": "trending",
};

/** A job to enqueue. `jobId` is deterministic: enqueueing the same work twice is a no-op. */
export type JobRequest = { [Name in JobName]: { name: Name; payload: JobPayload<Name>; jobId: string } }[JobName];

/** BullMQ rejects custom ids containing ":" (reserved for its repeat jobs), hence "-" as the separator. */
export function feedFanoutJob(tweetId: string): JobRequest {
  return { name: "feed.fanout", payload: { tweetId }, jobId: `feed.fanout-${tweetId}` };
}

/** Parses a payload for `name`; throws a ZodError when it does not fit. */
export function parsePayload<Name extends JobName>(name: Name, payload: unknown): JobPayload<Name> {
  return jobPayloads[name].parse(payload) as JobPayload<Name>;
}

/** Retries: at-least-once delivery, so processors must be idempotent (unique keys + ON CONFLICT DO NOTHING). */
export interface RetryPolicy {
  /** Total runs of one job, the first included. */
  attempts: number;
  /** Exponential backoff: the n-th retry waits backoffMs · 2^(n−1). */
  backoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, backoffMs: 500 };

/** Same formula as BullMQ's built-in "exponential" backoff, so both runners retry on the same schedule. */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number): number {
  return Math.round(policy.backoffMs * 2 ** (failedAttempt - 1));
}
