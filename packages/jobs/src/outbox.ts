import {
  and,
  asc,
  type Database,
  gte,
  inArray,
  isNotNull,
  isNull,
  jobOutbox,
  lt,
  or,
  sql,
  type Transaction,
} from "@pulse/db";
import { type JobRequest, jobOfOutboxRow } from "./definitions";
import type { JobLogger, JobQueue } from "./job-queue";
import { redeliverAllLost } from "./outbox-redelivery";

/**
 * Records a job inside the caller's transaction: it exists if and only if the transaction commits. The same job id
 * twice is kept once.
 */
export async function writeOutbox(tx: Transaction, job: JobRequest): Promise<void> {
  await tx
    .insert(jobOutbox)
    .values({ queue: job.name, jobId: job.jobId, payload: job.payload })
    .onConflictDoNothing({ target: jobOutbox.jobId });
}

export interface RelayOptions {
  /** Only these job ids (the fast path right after a commit); all pending rows when absent (the sweep). */
  jobIds?: readonly string[];
  /** Rows per batch. */
  limit?: number;
  logger?: JobLogger;
}

/**
 * Hands pending outbox rows to the job queue and marks them enqueued, one batch in one transaction. The rows stay
 * locked (`FOR UPDATE SKIP LOCKED`: concurrent relays on other instances take other rows) until the queue has them;
 * if enqueueing fails the transaction rolls back and the rows stay pending for the next sweep. A crash after the
 * enqueue but before the commit re-enqueues on the next sweep, which the deterministic job id makes a no-op.
 * Returns how many rows were handed over.
 */
export async function relayOutbox(db: Database, queue: JobQueue, options: RelayOptions = {}): Promise<number> {
  const limit = options.limit ?? 100;
  if (options.jobIds?.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: jobOutbox.id,
        queue: jobOutbox.queue,
        jobId: jobOutbox.jobId,
        payload: jobOutbox.payload,
        deliveries: jobOutbox.deliveries,
      })
      .from(jobOutbox)
      .where(
        and(isNull(jobOutbox.enqueuedAt), options.jobIds ? inArray(jobOutbox.jobId, [...options.jobIds]) : undefined),
      )
      .orderBy(asc(jobOutbox.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return 0;
    const jobs: JobRequest[] = [];
    for (const row of rows) {
      const job = jobOfOutboxRow(row);
      if (job) {
        jobs.push(job);
      } else {
        // A row no processor understands would block the sweep forever: report it and let it go.
        options.logger?.error({ jobId: row.jobId, queue: row.queue }, "dropping an outbox row with an unknown job");
      }
    }
    if (jobs.length > 0) await queue.enqueue(jobs);
    await tx
      .update(jobOutbox)
      .set({ enqueuedAt: sql`now()` })
      .where(
        inArray(
          jobOutbox.id,
          rows.map((row) => row.id),
        ),
      );
    return rows.length;
  });
}

/** Relays every pending row, batch after batch. */
export async function relayAllPending(db: Database, queue: JobQueue, options: RelayOptions = {}): Promise<number> {
  const limit = options.limit ?? 100;
  let total = 0;
  for (;;) {
    const relayed = await relayOutbox(db, queue, { ...options, limit });
    total += relayed;
    if (relayed < limit) return total;
  }
}

/**
 * Deletes rows completed before `olderThan`, and rows handed over but still not completed that were created before
 * it: by then they have used up their redeliveries (their jobs' ids are long past BullMQ's retention anyway).
 */
export async function pruneOutbox(db: Database, olderThan: Date): Promise<number> {
  const deleted = await db
    .delete(jobOutbox)
    .where(
      or(
        lt(jobOutbox.completedAt, olderThan),
        and(isNotNull(jobOutbox.enqueuedAt), lt(jobOutbox.createdAt, olderThan)),
      ),
    )
    .returning({ id: jobOutbox.id });
  return deleted.length;
}

/**
 * Makes rows enqueued since `since` and not completed pending again. For the in-process queue at start: its jobs
 * lived in memory, so a crash lost them; relaying them now beats waiting for their redelivery.
 */
export async function requeueOutboxSince(db: Database, since: Date): Promise<number> {
  const requeued = await db
    .update(jobOutbox)
    .set({ enqueuedAt: null })
    .where(and(gte(jobOutbox.enqueuedAt, since), isNull(jobOutbox.completedAt)))
    .returning({ id: jobOutbox.id });
  return requeued.length;
}

export interface OutboxSweepOptions {
  intervalMs: number;
  /** Rows handed over this long ago and still not completed are redelivered (JOB_REDELIVER_AFTER_MS). */
  redeliverAfterMs: number;
  /** Hand-overs of one row in all, the first included. */
  maxDeliveries?: number;
  logger?: JobLogger;
  /** Enqueued rows are deleted after this long. */
  retentionMs?: number;
}

/**
 * The safety net behind the after-commit fast path: every `intervalMs`, relays whatever is still pending (a crash
 * between commit and enqueue, Redis down at that moment), then redelivers what was handed over but never completed
 * (the job was lost or gave up). Runs on every worker; SKIP LOCKED keeps them apart.
 */
export function startOutboxSweep(db: Database, queue: JobQueue, options: OutboxSweepOptions) {
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
  let sweeps = 0;
  let stopped = false;
  let running: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const logger = options.logger ? { logger: options.logger } : {};
      await relayAllPending(db, queue, logger);
      await redeliverAllLost(db, queue, {
        redeliverAfterMs: options.redeliverAfterMs,
        ...(options.maxDeliveries ? { maxDeliveries: options.maxDeliveries } : {}),
        ...logger,
      });
      if (sweeps++ % 600 === 0) await pruneOutbox(db, new Date(Date.now() - retentionMs));
    } catch (error) {
      options.logger?.warn({ err: error }, "outbox sweep failed; retrying at the next one");
    }
  };
  /** One sweep at a time: a tick that finds one running skips (the running one picks up everything pending). */
  const start = () => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void start();
  }, options.intervalMs);
  timer.unref();
  return {
    /** Runs one full sweep now (after the one in progress, if any). */
    async sweepNow(): Promise<void> {
      await running;
      await start();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type OutboxSweep = ReturnType<typeof startOutboxSweep>;
