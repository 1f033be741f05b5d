import { bigint, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The last sequence number handed out per (user, stream). Incrementing it with
 * INSERT … ON CONFLICT DO UPDATE … RETURNING inside the writing transaction gives every
 * persisted stream (notifications, feed, match results) gap-free, monotonic, per-user ids.
 */
export const streamSequences = pgTable(
  "stream_sequences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    stream: text("stream", { enum: ["notifications", "feed", "match"] }).notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.stream] })],
);
