import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Transactional outbox: a job written in the same transaction as the rows it is about, so a commit can never leave
 * its job un-enqueued. A relay hands pending rows (`enqueued_at` null) to the job queue right after the commit and
 * again from a periodic sweep; `job_id` is the job's deterministic id, which makes a repeated hand-over a no-op.
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
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    // The relay only ever scans pending rows, oldest first.
    index("job_outbox_pending_idx").on(t.id).where(sql`${t.enqueuedAt} is null`),
    index("job_outbox_enqueued_idx").on(t.enqueuedAt),
  ],
);
