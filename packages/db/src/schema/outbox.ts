import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Transactional outbox: a job written in the same transaction as the rows it is about, so a commit can never leave
 * its job un-enqueued. A relay hands pending rows (`enqueued_at` null) to the job queue right after the commit and
 * again from a periodic sweep; `job_id` is the job's deterministic id, which makes a repeated hand-over a no-op.
 * A row is done when its job's effect is committed (`completed_at`), not when a queue took it: the sweep
 * redelivers rows handed over long ago and still not completed (lost in Redis, gave up, stalled too often).
 */
export const jobOutbox = pgTable(
  "job_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The job to run, e.g. `feed.fanout` (one queue per job kind). */
    queue: text("queue").notNull(),
    /** Deterministic job id, e.g. `feed.fanout-<tweetId>`: the natural key of the work. */
    jobId: text("job_id").notNull().unique(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Last hand-over to the queue (first or redelivery). */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "date" }),
    /** Set right after the processor committed the job's effect. */
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    /** Redeliveries so far (0: only the first hand-over); each uses a new queue id. */
    deliveries: integer("deliveries").notNull().default(0),
  },
  (t) => [
    // The relay only ever scans pending rows, oldest first.
    index("job_outbox_pending_idx").on(t.id).where(sql`${t.enqueuedAt} is null`),
    // The redelivery scans handed-over, unfinished rows, oldest hand-over first; pruning goes by completion.
    index("job_outbox_unfinished_idx").on(t.enqueuedAt).where(sql`${t.completedAt} is null`),
    index("job_outbox_completed_idx").on(t.completedAt),
  ],
);
