import type { QueueState } from "@pulse/metrics";
import type { JobName, JobPayload, JobRequest } from "./definitions";

/** What a processor learns about the run it is in. */
export interface JobContext {
  /** The job's own id (its outbox row's), the same for every delivery and attempt. */
  jobId: string;
  /** 0 for the first hand-over from the outbox, n for its n-th redelivery. */
  delivery: number;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  /** Runs allowed in all: `attempt === maxAttempts` is the last chance, after which the job gives up. */
  maxAttempts: number;
  /** For scheduled jobs: the time slot (epoch ms) this run stands for; undefined for ordinary jobs. */
  scheduledAt: number | undefined;
}

export type Processor<Name extends JobName> = (payload: JobPayload<Name>, context: JobContext) => Promise<void>;

/** One processor per job kind: the pure work, identical under both runners. */
export type Processors = { [Name in JobName]: Processor<Name> };

export interface WorkOptions {
  /** Jobs of one kind run at most this many at a time (per process). */
  concurrency?: number;
  /** Hard limit for `close()`: BullMQ's close never resolves while Redis is gone. */
  closeTimeoutMs?: number;
  /**
   * BullMQ: how long a job stays locked to a worker without renewal; a worker that dies mid-job loses the lock
   * and the stalled-job check hands the job to another worker after about this long.
   */
  lockDurationMs?: number;
}

/** The consuming side, from `JobQueue.work`. */
export interface JobWorkers {
  /** Stops taking jobs and waits for the running ones, never longer than the close timeout. */
  close(): Promise<void>;
}

/** The minimal logger both runners report to (pino's Logger fits). */
export interface JobLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * A job queue: BullMQ over Redis in distributed mode, an in-process runner in embedded mode. Delivery is
 * at-least-once with retries and exponential backoff; a job whose id is already queued (or finished recently) is not
 * queued again.
 */
export interface JobQueue {
  readonly kind: "bullmq" | "in-process";
  /** Resolves once the jobs are queued; rejects at once (never waits for a reconnect) when the queue is unreachable. */
  enqueue(jobs: readonly JobRequest[]): Promise<void>;
  /**
   * Runs `name` every `everyMs`, once per cluster: BullMQ keeps one job scheduler per name (upserting it again is
   * idempotent, so every worker may call this at start); the in-process runner keeps a timer.
   */
  schedule<Name extends JobName>(name: Name, payload: JobPayload<Name>, everyMs: number): Promise<void>;
  /**
   * Whether this delivery of the job is still waiting, delayed for a retry or running: redelivering it then would
   * only run it twice. False once it completed, failed for good, or was lost (Redis restarted empty).
   */
  isQueued(job: Pick<JobRequest, "name" | "jobId" | "delivery">): Promise<boolean>;
  /**
   * Jobs per kind and state, for metrics: BullMQ counts the cluster's queues (rejects at once while Redis is away),
   * the in-process runner its own waiting and running jobs.
   */
  depths(): Promise<Record<JobName, Partial<Record<QueueState, number>>>>;
  /** Starts consuming every queue with these processors. */
  work(processors: Processors, options?: WorkOptions): Promise<JobWorkers>;
  /** Releases the producer side (and, in-process, the scheduler timers). */
  close(): Promise<void>;
}

export class JobQueueUnavailableError extends Error {
  override name = "JobQueueUnavailableError";
}

export class JobQueueClosedError extends Error {
  override name = "JobQueueClosedError";
  constructor() {
    super("the job queue is closed");
  }
}
