import { z } from "zod";

/** The payload of every job, validated when it is enqueued and again before it runs. */
export const jobPayloads = {
  /**
   * Copy a new tweet into the feed of its author and of every follower; with `reposterId`, bring the reposter's
   * followers' feeds in line with whether that repost exists now (added as "reposted by", or removed after an undo).
   */
  "feed.fanout": z.object({ tweetId: z.uuid(), reposterId: z.uuid().optional() }),
  /** Recompute the trending topics (scheduled once per cluster per interval). */
  "trending.compute": z.object({}),
  /** Compute one match request (its row in match_requests is the task). */
  "match.compute": z.object({ taskId: z.uuid() }),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<Name extends JobName> = z.output<(typeof jobPayloads)[Name]>;

export const jobNames = Object.keys(jobPayloads) as JobName[];

/** One queue per job kind, so a burst of one kind (a fan-out to 100 000 followers) never starves the other. */
export const queueNames: Record<JobName, string> = {
  "feed.fanout": "feed-fanout",
  "trending.compute": "trending",
  "match.compute": "match",
};

/**
 * A job to enqueue. `jobId` is deterministic (the outbox row's id): enqueueing the same delivery twice is a no-op.
 * `delivery` counts the outbox's redeliveries (absent: 0, the first hand-over); each gets its own queue id.
 */
export type JobRequest = {
  [Name in JobName]: { name: Name; payload: JobPayload<Name>; jobId: string; delivery?: number };
}[JobName];

const REDELIVERY_SUFFIX = /^(.+)-r(\d+)$/;

/**
 * The queue's id for one delivery of a job: the first keeps the job id, a redelivery appends `-r<n>`. A fresh id
 * because BullMQ ignores add() of an id it still holds (failed, or completed within its retention). Job ids end in
 * a uuid (hex), so the suffix never clashes with one.
 */
export function deliveryId(jobId: string, delivery = 0): string {
  return delivery > 0 ? `${jobId}-r${delivery}` : jobId;
}

/** The job id and delivery behind a queue id (the inverse of `deliveryId`). */
export function parseDeliveryId(id: string): { jobId: string; delivery: number } {
  const match = REDELIVERY_SUFFIX.exec(id);
  return match?.[1] && match[2] ? { jobId: match[1], delivery: Number(match[2]) } : { jobId: id, delivery: 0 };
}

/** BullMQ rejects custom ids containing ":" (reserved for its repeat jobs), hence "-" as the separator. */
export function feedFanoutJob(tweetId: string): JobRequest {
  return { name: "feed.fanout", payload: { tweetId }, jobId: `feed.fanout-${tweetId}` };
}

export function matchComputeJob(taskId: string): JobRequest {
  return { name: "match.compute", payload: { taskId }, jobId: `match.compute-${taskId}` };
}

/** Parses a payload for `name`; throws a ZodError when it does not fit. */
/**
 * The job an outbox row describes (its delivery count included when it was handed over before), or undefined when
 * no processor understands the row's queue or payload.
 */
export function jobOfOutboxRow(row: {
  queue: string;
  jobId: string;
  payload: unknown;
  deliveries: number;
}): JobRequest | undefined {
  if (!(row.queue in jobPayloads)) return undefined;
  const parsed = jobPayloads[row.queue as JobName].safeParse(row.payload);
  if (!parsed.success) return undefined;
  const delivery = row.deliveries > 0 ? { delivery: row.deliveries } : {};
  return { name: row.queue, payload: parsed.data, jobId: row.jobId, ...delivery } as JobRequest;
}

export function parsePayload<Name extends JobName>(name: Name, payload: unknown): JobPayload<Name> {
  return jobPayloads[name].parse(payload) as JobPayload<Name>;
}

/** Retries: at-least-once delivery, so processors must be idempotent (unique keys + ON CONFLICT DO NOTHING). */
export interface RetryPolicy {
  /** Total runs of one job, the first included. */
  attempts: number;
  /** Exponential backoff: the n-th retry waits up to backoffMs · 2^(n−1). */
  backoffMs: number;
  /** Fraction of the delay drawn at random (0–1), so retries of many jobs do not land in lockstep. */
  jitter?: number;
}

/** As the configuration's defaults: retries spread over 15–30 s, longer than a short outage (see JOB_BACKOFF_MS). */
export const defaultRetryPolicy: RetryPolicy = { attempts: 5, backoffMs: 2_000, jitter: 0.5 };

/** BullMQ's "exponential" backoff with jitter: a delay drawn from [d·(1−jitter), d], d = backoffMs · 2^(n−1). */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const delay = policy.backoffMs * 2 ** (failedAttempt - 1);
  return Math.round(delay * (1 - (policy.jitter ?? 0) * random()));
}
