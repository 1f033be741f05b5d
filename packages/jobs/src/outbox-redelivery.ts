import { and, asc, type Database, inArray, isNotNull, isNull, jobOutbox, lt, sql } from "@pulse/db";
import { type JobRequest, jobOfOutboxRow } from "./definitions";
import type { JobLogger, JobQueue } from "./job-queue";

export interface RedeliveryOptions {
  /** A row enqueued this long ago whose effect is not committed is looked at again. */
  redeliverAfterMs: number;
  /** Hand-overs of one row in all (the first included); a row that used them up is left alone (and logged). */
  maxDeliveries?: number;
  /** Rows per batch. */
  limit?: number;
  logger?: JobLogger;
}

export const DEFAULT_MAX_DELIVERIES = 10;

/**
 * Re-enqueues outbox rows handed over more than `redeliverAfterMs` ago and still not completed: whatever lost their
 * job (Redis restarted empty, retries exhausted during an outage, BullMQ's stall limit after worker crashes) ends up
 * run again. A row whose job the queue still holds (waiting, delayed for a retry, running) only has its clock reset,
 * so a long backlog is never doubled. Each redelivery gets a new delivery number, hence a new queue id: BullMQ
 * ignores an add() of an id it still keeps as failed or completed. One batch in one transaction (rows locked with
 * SKIP LOCKED, as the relay does); returns how many rows it looked at and how many it redelivered.
 */
export async function redeliverOutbox(
  db: Database,
  queue: JobQueue,
  options: RedeliveryOptions,
): Promise<{ examined: number; redelivered: number }> {
  const limit = options.limit ?? 100;
  const maxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
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
        and(
          isNull(jobOutbox.completedAt),
          isNotNull(jobOutbox.enqueuedAt),
          lt(jobOutbox.enqueuedAt, sql`now() - make_interval(secs => ${options.redeliverAfterMs / 1000})`),
          lt(jobOutbox.deliveries, maxDeliveries - 1),
        ),
      )
      .orderBy(asc(jobOutbox.enqueuedAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    const lost: JobRequest[] = [];
    const lostIds: number[] = [];
    const aliveIds: number[] = [];
    for (const row of rows) {
      const parsed = jobOfOutboxRow(row);
      // relayOutbox never hands over a row it cannot parse; one that got here anyway is only touched.
      if (!parsed) {
        aliveIds.push(row.id);
        continue;
      }
      const job: JobRequest = { ...parsed, delivery: row.deliveries };
      if (await queue.isQueued(job)) {
        aliveIds.push(row.id);
      } else {
        lost.push({ ...job, delivery: row.deliveries + 1 });
        lostIds.push(row.id);
      }
    }
    if (lost.length > 0) await queue.enqueue(lost);
    if (aliveIds.length > 0) {
      await tx.update(jobOutbox).set({ enqueuedAt: sql`now()` }).where(inArray(jobOutbox.id, aliveIds));
    }
    if (lostIds.length > 0) {
      await tx
        .update(jobOutbox)
        .set({ enqueuedAt: sql`now()`, deliveries: sql`${jobOutbox.deliveries} + 1` })
        .where(inArray(jobOutbox.id, lostIds));
    }
    for (const job of lost) {
      const details = { jobId: job.jobId, queue: job.name, delivery: job.delivery };
      if ((job.delivery ?? 0) + 1 >= maxDeliveries) {
        options.logger?.error(details, "redelivering a lost job for the last time");
      } else {
        options.logger?.warn(details, "redelivering a job whose effect never committed");
      }
    }
    return { examined: rows.length, redelivered: lost.length };
  });
}

/** Redelivers every lost row, batch after batch. */
export async function redeliverAllLost(db: Database, queue: JobQueue, options: RedeliveryOptions): Promise<number> {
  const limit = options.limit ?? 100;
  let total = 0;
  for (;;) {
    const { examined, redelivered } = await redeliverOutbox(db, queue, { ...options, limit });
    total += redelivered;
    if (examined < limit) return total;
  }
}
