import { integer, jsonb, pgTable, timestamp } from "drizzle-orm/pg-core";

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
