import { bigint, index, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { idColumn } from "./ids";
import { tweets } from "./social";
import { users } from "./users";

export const notificationKind = pgEnum("notification_kind", ["LIKE", "REPLY", "RETWEET", "FOLLOW", "MENTION"]);

export const notifications = pgTable(
  "notifications",
  {
    id: idColumn(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Per-recipient monotonic sequence: the tracked event id of `notification.onNew`. */
    seq: bigint("seq", { mode: "number" }).notNull(),
    kind: notificationKind("kind").notNull(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tweetId: uuid("tweet_id").references(() => tweets.id, { onDelete: "cascade" }),
    /** kind:actor:tweet — a repeated action (like, unlike, like) notifies once. */
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    unique("notifications_recipient_seq_uq").on(t.recipientId, t.seq),
    unique("notifications_recipient_dedupe_uq").on(t.recipientId, t.dedupeKey),
    index("notifications_unread_idx").on(t.recipientId, t.readAt),
  ],
);
