import { sql } from "drizzle-orm";
import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
    /**
     * Set when the action was undone (unlike, unretweet, unfollow): the row stays as the retraction event,
     * renumbered to the seq it took in the stream, so a resuming subscriber replays the retraction in order.
     * A repeat of the action revives the same row (same id, fresh seq): never two live ones per dedupe key.
     */
    retractedAt: timestamp("retracted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    unique("notifications_recipient_seq_uq").on(t.recipientId, t.seq),
    unique("notifications_recipient_dedupe_uq").on(t.recipientId, t.dedupeKey),
    index("notifications_unread_idx").on(t.recipientId, t.readAt),
  ],
);

/** Per-user notification state: the kinds switched off, and the "seen" marker behind the unread badge. */
export const notificationSettings = pgTable("notification_settings", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Kinds that never notify this user: filtered before a notification is stored or published. */
  disabledKinds: notificationKind("disabled_kinds").array().notNull().default(sql`'{}'`),
  /** The badge counts unread notifications with a seq above this one; opening the list moves it. */
  seenSeq: bigint("seen_seq", { mode: "number" }).notNull().default(0),
});

/** A user (user_id) muted another (muted_id): the muted user's actions never notify them. */
export const userMutes = pgTable(
  "user_mutes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    mutedId: uuid("muted_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.mutedId] })],
);
