import { index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per trending computation (once per cluster per interval), keyed by the interval it was scheduled for:
 * a computation that runs twice for the same interval stores once. Old rows are pruned by the computation itself.
 */
export const trendingSnapshots = pgTable("trending_snapshots", {
  computedAt: timestamp("computed_at", { withTimezone: true, mode: "date" }).primaryKey(),
  windowMs: integer("window_ms").notNull(),
  /** `[{ topic, tweetCount, engagementScore, growthRate }]`, ranked, at most 10. */
  topics: jsonb("topics").notNull(),
});

/**
 * Trending activity per topic, summed over spans of `span` minutes starting at `start` (span 1: a minute, span 10:
 * a ten-minute block, each a sum of the same activity at two resolutions). A window is read as its whole blocks plus
 * the minutes at its edges, so a computation reads about 40 rows per topic whatever the number of tweets.
 * Only the trending job writes here (it folds `topic_activity_delta` in), so writers never wait on a hot topic's row.
 */
export const topicActivity = pgTable(
  "topic_activity",
  {
    span: smallint("span").notNull(),
    start: timestamp("start", { withTimezone: true, mode: "date" }).notNull(),
    topic: text("topic").notNull(),
    /** Tweets created in the span carrying the topic. */
    tweets: integer("tweets").notNull(),
    /** Engagement created in the span on tweets carrying the topic: like 1, retweet 2, reply 1. */
    engagement: integer("engagement").notNull(),
  },
  (t) => [primaryKey({ columns: [t.span, t.start, t.topic] })],
);

/**
 * Changes to trending activity not yet folded into `topic_activity`: insert-only rows written by triggers on `tweets`
 * and `engagements` in the transaction of the write (negative on delete), folded and deleted by the trending job.
 */
export const topicActivityDelta = pgTable(
  "topic_activity_delta",
  {
    minute: timestamp("minute", { withTimezone: true, mode: "date" }).notNull(),
    topic: text("topic").notNull(),
    tweets: integer("tweets").notNull(),
    engagement: integer("engagement").notNull(),
  },
  // Reads of the pending deltas skip the dead rows of earlier folds through the index (a seq scan would not).
  (t) => [index("topic_activity_delta_minute_idx").on(t.minute)],
);

/**
 * Per topic, the sums over the windows ending at `topic_window_state.window_end`: tweets and engagement of the
 * current window, tweets of the previous one. Kept by the trending job alone: each run adds what it folds and moves
 * the minutes crossing a window edge, so ranking reads one row per topic.
 */
export const topicWindowTotals = pgTable("topic_window_totals", {
  topic: text("topic").primaryKey(),
  tweets: integer("tweets").notNull(),
  engagement: integer("engagement").notNull(),
  previous: integer("previous").notNull(),
});

/** The one row saying which windows `topic_window_totals` sums (none before the first job run). */
export const topicWindowState = pgTable("topic_window_state", {
  id: smallint("id").primaryKey(),
  windowEnd: timestamp("window_end", { withTimezone: true, mode: "date" }).notNull(),
  windowMinutes: integer("window_minutes").notNull(),
});
