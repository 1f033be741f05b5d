import { and, type Database, eq, isNull, jobOutbox, sql } from "@pulse/db";
import { type JobName, jobNames } from "./definitions";
import type { JobContext, Processors } from "./job-queue";

/** Marks the outbox row of `jobId` done: its effect is committed, the sweep never redelivers it again. */
export async function markOutboxCompleted(db: Database, jobId: string): Promise<void> {
  await db
    .update(jobOutbox)
    .set({ completedAt: sql`now()` })
    .where(and(eq(jobOutbox.jobId, jobId), isNull(jobOutbox.completedAt)));
}

/**
 * Wraps the processors so that a run which returns marks its outbox row completed, right after the processor's own
 * commits. Not in the processor's transaction: a fan-out commits batch by batch and trending has no row at all; a
 * crash between the effect and the mark costs one redelivery, which the idempotent processors turn into a no-op. A
 * failing mark fails the run, so the queue retries it. Scheduled runs (no outbox row) are left alone.
 */
export function completingOutboxRows(db: Database, processors: Processors): Processors {
  const wrapped: Partial<Record<JobName, unknown>> = {};
  for (const name of jobNames) {
    const run = processors[name] as (payload: unknown, context: JobContext) => Promise<void>;
    wrapped[name] = async (payload: unknown, context: JobContext) => {
      await run(payload, context);
      if (context.scheduledAt === undefined) await markOutboxCompleted(db, context.jobId);
    };
  }
  return wrapped as Processors;
}
