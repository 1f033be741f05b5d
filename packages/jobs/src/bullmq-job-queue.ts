import { once } from "node:events";
import type { QueueState } from "@pulse/metrics";
import { reconnectDelay } from "@pulse/redis-retry";
import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { ZodError } from "zod";
import {
  defaultRetryPolicy,
  deliveryId,
  type JobName,
  type JobPayload,
  type JobRequest,
  jobNames,
  jobPayloads,
  parseDeliveryId,
  parsePayload,
  queueNames,
  type RetryPolicy,
} from "./definitions";
import {
  type JobContext,
  type JobLogger,
  type JobQueue,
  JobQueueClosedError,
  JobQueueUnavailableError,
  type JobWorkers,
  type Processors,
  type WorkOptions,
} from "./job-queue";
import { type JobSchedules, keepSchedulers } from "./keep-schedulers";
import { withTimeout } from "./timeout";

export interface BullmqJobQueueOptions {
  redisUrl: string;
  /** Namespaces every BullMQ key (tests use a random one per test). */
  prefix?: string;
  retry?: RetryPolicy;
  /** An enqueue that gets no answer within this long is rejected. */
  commandTimeoutMs?: number;
  logger?: JobLogger;
}

const DEFAULT_PREFIX = "pulse-jobs";
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
/** BullMQ's states of a job it will still run (or is running). */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/**
 * Completed jobs are kept an hour so that re-adding their id (a retried outbox relay) stays a no-op; a redelivery
 * by the outbox sweep comes with a new id (`deliveryId`), so neither a kept completed nor a failed job blocks it.
 */
function jobOptions(retry: RetryPolicy): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs, ...(retry.jitter ? { jitter: retry.jitter } : {}) },
    removeOnComplete: { age: 60 * 60, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 60 * 60, count: 10_000 },
  };
}

/** Scheduled runs are not retried: the next slot comes soon and recomputes from scratch. */
const scheduledJobOptions = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};

/**
 * Distributed mode's job queue. The producer connection fails fast (`enableOfflineQueue: false`, no retries per
 * request, a command timeout): enqueueing runs right after a request's commit, where waiting for Redis would hang
 * the request, and the outbox sweep retries what failed. Workers get their own connections with
 * `maxRetriesPerRequest: null`, as BullMQ requires for its blocking commands.
 */
export class BullmqJobQueue implements JobQueue {
  readonly kind = "bullmq";
  private readonly redisUrl: string;
  private readonly prefix: string;
  private readonly retry: RetryPolicy;
  private readonly commandTimeoutMs: number;
  private readonly logger: JobLogger | undefined;
  private readonly producer: Redis;
  private readonly queues = new Map<JobName, Queue>();
  private readonly schedules: JobSchedules;
  /** Whether the producer connection has yet to succeed or fail for the first time. */
  private starting = true;
  private closed = false;

  constructor(options: BullmqJobQueueOptions) {
    this.redisUrl = options.redisUrl;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.logger = options.logger;
    this.producer = new Redis(this.redisUrl, {
      connectionName: "pulse-jobs-producer",
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.commandTimeoutMs,
      retryStrategy: reconnectDelay,
    } satisfies RedisOptions);
    this.producer.on("error", (error: unknown) => this.logger?.warn({ err: error }, "job queue connection error"));
    const started = () => {
      this.starting = false;
    };
    this.producer.once("ready", started);
    this.producer.once("close", started);
    this.schedules = keepSchedulers({
      exists: (name) => this.whileReachable(async () => (await this.queue(name).getJobScheduler(name)) !== undefined),
      upsert: (name, data, everyMs) =>
        this.whileReachable(() =>
          this.queue(name).upsertJobScheduler(name, { every: everyMs }, { name, data, opts: scheduledJobOptions }),
        ),
      ...(this.logger ? { logger: this.logger } : {}),
    });
    // Redis came back: if it came back empty, its schedulers are gone; put them back now rather than at the next check.
    this.producer.on("ready", () => this.schedules.check());
  }

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    const byName = new Map<JobName, JobRequest[]>();
    for (const job of jobs) {
      const parsed = { ...job, payload: parsePayload(job.name, job.payload) } as JobRequest;
      byName.set(job.name, [...(byName.get(job.name) ?? []), parsed]);
    }
    await this.whileReachable(async () => {
      for (const [name, batch] of byName) {
        // An existing id (queued, running, or completed within the retention) is left untouched by BullMQ.
        await this.queue(name).addBulk(
          batch.map((job) => ({
            name,
            data: job.payload,
            opts: { ...jobOptions(this.retry), jobId: deliveryId(job.jobId, job.delivery) },
          })),
        );
      }
    });
  }

  async schedule<Name extends JobName>(name: Name, payload: JobPayload<Name>, everyMs: number): Promise<void> {
    // One scheduler per job name, whoever upserts it: BullMQ then creates exactly one job per slot, with the id
    // `repeat:<name>:<slot>`, and one worker in the cluster takes it. Kept: re-created whenever Redis lost it.
    await this.schedules.add(name, parsePayload(name, payload), everyMs);
  }

  async isQueued(job: Pick<JobRequest, "name" | "jobId" | "delivery">): Promise<boolean> {
    const state = await this.whileReachable(() =>
      this.queue(job.name).getJobState(deliveryId(job.jobId, job.delivery)),
    );
    return LIVE_STATES.has(state);
  }

  async depths(): Promise<Record<JobName, Partial<Record<QueueState, number>>>> {
    return this.whileReachable(async () => {
      const counts = await Promise.all(
        jobNames.map((name) => this.queue(name).getJobCounts("waiting", "active", "delayed", "failed")),
      );
      return Object.fromEntries(jobNames.map((name, index) => [name, counts[index] ?? {}])) as Record<
        JobName,
        Partial<Record<QueueState, number>>
      >;
    });
  }

  async work(processors: Processors, options: WorkOptions = {}): Promise<JobWorkers> {
    if (this.closed) throw new JobQueueClosedError();
    const connection = new Redis(this.redisUrl, {
      connectionName: "pulse-jobs-worker",
      maxRetriesPerRequest: null,
      retryStrategy: reconnectDelay,
    } satisfies RedisOptions);
    connection.on("error", (error: unknown) => this.logger?.warn({ err: error }, "job worker connection error"));
    const workers = jobNames.map((name) => {
      const worker = new Worker(queueNames[name], (job: Job) => this.process(processors, name, job), {
        connection,
        prefix: this.prefix,
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        ...(options.lockDurationMs
          ? {
              lockDuration: options.lockDurationMs,
              stalledInterval: Math.max(500, Math.floor(options.lockDurationMs / 2)),
            }
          : {}),
      });
      worker.on("error", (error: unknown) => this.logger?.warn({ err: error, queue: name }, "job worker error"));
      worker.on("failed", (job: Job | undefined, error: Error) =>
        this.logger?.warn(
          { err: error, job: name, jobId: job?.id, attempt: job?.attemptsMade },
          job && job.attemptsMade < (job.opts.attempts ?? 1) ? "job failed; will retry" : "job gave up",
        ),
      );
      return worker;
    });
    const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    let closing: Promise<void> | undefined;
    return {
      close: () => {
        closing ??= (async () => {
          // Waits for the running jobs; BullMQ's close never resolves while Redis is gone, hence the hard limit.
          const closed = await withTimeout(Promise.allSettled(workers.map((worker) => worker.close())), closeTimeoutMs);
          if (closed === "timeout") {
            this.logger?.warn({ closeTimeoutMs }, "job workers did not close in time; disconnecting");
            await withTimeout(Promise.allSettled(workers.map((worker) => worker.disconnect())), 1_000);
          }
          connection.disconnect();
        })();
        return closing;
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.schedules.stop();
    await withTimeout(Promise.allSettled([...this.queues.values()].map((queue) => queue.close())), 2_000);
    this.producer.disconnect();
  }

  private queue(name: JobName): Queue {
    if (this.closed) throw new JobQueueClosedError();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(queueNames[name], { connection: this.producer, prefix: this.prefix });
      queue.on("error", (error: unknown) => this.logger?.warn({ err: error, queue: name }, "job queue error"));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Runs `work` only while Redis answers, and never longer than the command timeout: never waits for a reconnect.
   * Only the very first connection is waited for (briefly), so that a queue used right after creation works.
   */
  private async whileReachable<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new JobQueueClosedError();
    if (this.starting && this.producer.status !== "ready") {
      await withTimeout(once(this.producer, "ready"), this.commandTimeoutMs).catch(() => {});
    }
    if (this.producer.status !== "ready") {
      throw new JobQueueUnavailableError(`Redis is not reachable (connection ${this.producer.status})`);
    }
    let result: T | "timeout";
    try {
      result = await withTimeout(work(), this.commandTimeoutMs);
    } catch (error) {
      // The connection dropped under the command.
      if (this.producer.status !== "ready" || (error instanceof Error && CONNECTION_LOST.test(error.message))) {
        throw new JobQueueUnavailableError("Redis went away", { cause: error });
      }
      throw error;
    }
    if (result === "timeout") throw new JobQueueUnavailableError("Redis did not answer in time");
    return result;
  }

  private async process(processors: Processors, name: JobName, job: Job): Promise<void> {
    if (job.name !== name || !(name in jobPayloads)) throw new UnrecoverableError(`unexpected job ${job.name}`);
    let payload: unknown;
    try {
      payload = parsePayload(name, job.data);
    } catch (error) {
      // A payload that does not parse never will: no retries.
      if (error instanceof ZodError) throw new UnrecoverableError(`invalid ${name} payload: ${error.message}`);
      throw error;
    }
    const { jobId, delivery } = parseDeliveryId(job.id ?? "");
    const context: JobContext = {
      jobId,
      delivery,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      scheduledAt: scheduledSlot(job),
    };
    const processor = processors[name] as (payload: unknown, context: JobContext) => Promise<void>;
    await processor(payload, context);
  }
}

/** A scheduler's job is `repeat:<scheduler id>:<slot millis>`: the slot is part of its deterministic id. */
function scheduledSlot(job: Job): number | undefined {
  if (!job.repeatJobKey || !job.id?.startsWith("repeat:")) return undefined;
  const slot = Number(job.id.slice(job.id.lastIndexOf(":") + 1));
  return Number.isSafeInteger(slot) ? slot : undefined;
}

/** ioredis' own words for "the connection is gone" (it rejects at once: no offline queue, no retries). */
const CONNECTION_LOST = /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE/;

export function createBullmqJobQueue(options: BullmqJobQueueOptions): BullmqJobQueue {
  return new BullmqJobQueue(options);
}
