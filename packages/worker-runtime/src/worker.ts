import { createJobProcessors, type MatchFault } from "@pulse/api";
import type { Database } from "@pulse/db";
import {
  completingOutboxRows,
  type JobName,
  type JobQueue,
  type JobWorkers,
  jobNames,
  type OutboxSweep,
  outboxBacklog,
  type Processors,
  requeueOutboxSince,
  startOutboxSweep,
  timedProcessors,
} from "@pulse/jobs";
import type { PulseMetrics } from "@pulse/metrics";
import type { EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { pruneSessions } from "./prune-sessions";

/** What the worker needs to run the background jobs (feed fan-out, trending, the outbox sweep). */
export interface WorkerJobsOptions {
  /** BullMQ (distributed) or the in-process runner (embedded); the worker consumes it, its owner closes it. */
  queue: JobQueue;
  bus: EventBus;
  /** Jobs of one kind run at a time by this process. */
  concurrency: number;
  trendingWindowMs: number;
  trendingIntervalMs: number;
  outboxSweepIntervalMs: number;
  /** An outbox row handed over this long ago whose effect is not committed is enqueued again. */
  redeliverAfterMs?: number;
  /** A match task untouched this long fails with an error event; default: three redelivery periods. */
  matchTaskDeadlineMs?: number;
  fanOutBatchSize?: number;
  /** BullMQ lock of a running job: a dead worker's job is handed to another after about this long. */
  lockDurationMs?: number;
  matchIndexRefreshMs?: number;
  /** Fault injection for the match job (tests only; the config refuses it otherwise). */
  matchFault?: MatchFault;
  /** Hard limit for stopping the job workers (BullMQ's close never resolves while Redis is gone). */
  closeTimeoutMs?: number;
  /** Wraps the processors (tests); the default runs them as they are. */
  wrapProcessors?: (processors: Processors) => Processors;
}

export interface WorkerOptions {
  db: Database;
  logger: Logger;
  /** How often housekeeping runs. */
  housekeepingIntervalMs?: number;
  /** Background jobs; absent → housekeeping only. */
  jobs?: WorkerJobsOptions;
  /** Job durations and failures, queue depths and the outbox backlog go here; absent → not measured. */
  metrics?: PulseMetrics | undefined;
}

/** Outbox rows enqueued this recently are enqueued again when an in-process queue starts (its jobs died with it). */
const IN_PROCESS_REQUEUE_MS = 15 * 60 * 1000;
/** JOB_REDELIVER_AFTER_MS's default. */
const DEFAULT_REDELIVER_AFTER_MS = 120_000;
/**
 * A match task gets this many redelivery periods: time for the sweep to redeliver a lost job twice before the task
 * counts as dead.
 */
const MATCH_DEADLINE_REDELIVERIES = 3;

/** Counts each processor's successful runs in this process. */
function countRuns(processors: Processors, processed: Record<JobName, number>): Processors {
  const counted: Partial<Record<JobName, unknown>> = {};
  for (const name of jobNames) {
    const run = processors[name] as (...args: Parameters<Processors[JobName]>) => Promise<void>;
    counted[name] = async (...args: Parameters<Processors[JobName]>) => {
      await run(...args);
      processed[name] += 1;
    };
  }
  return counted as Processors;
}

/**
 * The background side of Pulse: housekeeping (pruning dead sessions) and, given `jobs`, the job processors, the
 * trending schedule (one job scheduler per cluster) and the outbox sweep. Runs in its own process in distributed
 * mode and inside the server in embedded mode. `stop()` stops taking work and waits for the work in progress.
 */
export async function startWorker(options: WorkerOptions) {
  const { db, logger } = options;
  const processed = Object.fromEntries(jobNames.map((name) => [name, 0])) as Record<JobName, number>;
  let running: Promise<void> = Promise.resolve();
  const housekeeping = async () => {
    try {
      const pruned = await pruneSessions(db);
      if (pruned > 0) logger.info({ pruned }, "pruned dead sessions");
    } catch (error) {
      logger.error({ err: error }, "session pruning failed");
    }
  };
  running = housekeeping();
  const timer = setInterval(
    () => {
      running = running.then(housekeeping);
    },
    options.housekeepingIntervalMs ?? 60 * 60 * 1000,
  );
  timer.unref();

  let workers: JobWorkers | undefined;
  let closeProcessors: (() => Promise<void>) | undefined;
  let sweep: OutboxSweep | undefined;
  let expiry: NodeJS.Timeout | undefined;
  const jobs = options.jobs;
  if (jobs) {
    const processors = createJobProcessors({
      db,
      bus: jobs.bus,
      logger,
      trendingWindowMs: jobs.trendingWindowMs,
      ...(jobs.fanOutBatchSize ? { fanOutBatchSize: jobs.fanOutBatchSize } : {}),
      ...(jobs.matchIndexRefreshMs ? { matchIndexRefreshMs: jobs.matchIndexRefreshMs } : {}),
      ...(jobs.matchFault ? { matchFault: jobs.matchFault } : {}),
    });
    closeProcessors = processors.close;
    // A run that returns marks its outbox row completed: only then does the sweep stop redelivering it.
    const completing = completingOutboxRows(db, jobs.wrapProcessors?.(processors) ?? processors);
    const counted = countRuns(completing, processed);
    const { metrics } = options;
    if (metrics) {
      const queue = jobs.queue;
      metrics.watchQueues({ depths: () => queue.depths() });
      metrics.watchOutbox(outboxBacklog(db));
    }
    workers = await jobs.queue.work(metrics ? timedProcessors(counted, metrics) : counted, {
      concurrency: jobs.concurrency,
      ...(jobs.closeTimeoutMs ? { closeTimeoutMs: jobs.closeTimeoutMs } : {}),
      ...(jobs.lockDurationMs ? { lockDurationMs: jobs.lockDurationMs } : {}),
    });
    // BullMQ: every worker upserts the same scheduler (idempotent); it yields one job per slot for the cluster.
    await jobs.queue.schedule("trending.compute", {}, jobs.trendingIntervalMs);
    if (jobs.queue.kind === "in-process") {
      const requeued = await requeueOutboxSince(db, new Date(Date.now() - IN_PROCESS_REQUEUE_MS));
      if (requeued > 0) logger.info({ requeued }, "re-enqueueing recent jobs of the previous run");
    }
    const redeliverAfterMs = jobs.redeliverAfterMs ?? DEFAULT_REDELIVER_AFTER_MS;
    sweep = startOutboxSweep(db, jobs.queue, { intervalMs: jobs.outboxSweepIntervalMs, redeliverAfterMs, logger });
    void sweep.sweepNow();
    const deadlineMs = jobs.matchTaskDeadlineMs ?? MATCH_DEADLINE_REDELIVERIES * redeliverAfterMs;
    let expiring = false;
    expiry = setInterval(
      () => {
        if (expiring) return;
        expiring = true;
        processors
          .expireStaleMatches(deadlineMs)
          .catch((error: unknown) => logger.warn({ err: error }, "expiring stale match requests failed"))
          .finally(() => {
            expiring = false;
          });
      },
      Math.max(1_000, Math.floor(deadlineMs / 4)),
    );
    expiry.unref();
  }

  return {
    /** Successful job runs in this process, per job kind. */
    processed: processed as Readonly<Record<JobName, number>>,
    async stop() {
      clearInterval(timer);
      clearInterval(expiry);
      await sweep?.stop();
      await workers?.close();
      await closeProcessors?.();
      await running;
    },
  };
}

export type PulseWorker = Awaited<ReturnType<typeof startWorker>>;
