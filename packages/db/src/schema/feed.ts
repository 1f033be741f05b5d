import { bigint, boolean, index, pgTable, primaryKey, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tweets } from "./social";
import { users } from "./users";

/** Fan-out-on-write timeline: one row per (follower, tweet), numbered per follower for resumable streaming. */
export const feedEntries = pgTable(
  "feed_entries",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    tweetId: uuid("tweet_id")
      .notNull()
      .references(() => tweets.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * Set when the entry left the feed (its post was deleted): the row stays as the removal event, renumbered to
     * the seq it took in the stream, so a resuming subscriber replays the removal in order like any entry.
     */
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    /** In the feed only because people the user follows reposted it (shown as "reposted by"; undo removes it). */
    viaRepost: boolean("via_repost").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.seq] }),
    // A retried fan-out job inserts with ON CONFLICT DO NOTHING on this: exactly-once effects.
    unique("feed_entries_user_tweet_uq").on(t.userId, t.tweetId),
    index("feed_entries_tweet_idx").on(t.tweetId),
  ],
);
