import { type Database, desc, lt, queryRows, sql, trendingSnapshots } from "@pulse/db";
import type { EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { z } from "zod";
import { channels } from "../channels";
import { advanceTopicActivity, pruneTopicActivity, totalsMatch, trendingWindows, windowTotals } from "./activity";

import { type TrendingSnapshot, type TrendingTopic, type TrendKind, trendingTopicSchema } from "./snapshot-schema";

export {
  type TrendingSnapshot,
  type TrendingTopic,
  type TrendKind,
  trendingSnapshotSchema,
  trendingTopicSchema,
  trendKinds,
} from "./snapshot-schema";

export const TRENDING_LIMIT = 10;
/** Snapshots older than this (relative to the newest) are deleted when a new one is stored. */
const SNAPSHOT_RETENTION_MS = 60 * 60 * 1000;

/** A topic needs this many posts in the window to rank by its growth; fewer only fill the list's empty places. */
export const TRENDING_MIN_POSTS = 3;
/** Pseudo-posts added to the previous window's count: damps growth from nothing (1 → 4 is not "+300 %"). */
export const TRENDING_SMOOTHING = 4;

/**
 * "rising" / "cooling" when the count moved by at least 2 posts and a quarter of the previous window's; "new" when
 * the previous window had none.
 */
export function trendOf(tweetCount: number, previousCount: number): TrendKind {
  if (previousCount === 0) return "new";
  const margin = Math.max(2, previousCount / 4);
  if (tweetCount - previousCount >= margin) return "rising";
  if (previousCount - tweetCount >= margin) return "cooling";
  return "steady";
}

/**
 * The top topics of the window [at − windowMs, at), per topic:
 * - `tweetCount`: tweets created in the window carrying the topic; `previousCount`: the same for the window before;
 * - `engagementScore`: engagement in the window on tweets carrying the topic (whenever those were posted),
 *   likes · 1 + retweets · 2 + replies · 1 (bookmarks are private and do not count; an unlike or unretweet takes
 *   its engagement back, a deleted tweet its own count, its engagement and its replies');
 * - `growthRate`: (tweetCount − previous) / max(previous, 1); `trend`: see `trendOf`.
 * Only topics with a post in the window trend (engagement alone on older posts does not make a "0 posts" row).
 * Ranked by velocity, (tweetCount − previous) / √(previous + TRENDING_SMOOTHING): how far the count is above the
 * previous window's, in units of that count's Poisson noise. So a topic going from 0 to 8 posts (4.0) ranks above a
 * flat one at 500 (0.0) and below one going from 100 to 200 (9.8); the smoothing keeps a first post or two from
 * outranking everything. Topics with at least TRENDING_MIN_POSTS come first; then the rest (a quiet community's
 * list is not empty); ties by tweetCount + engagementScore, then name. At most 10.
 * The windows are whole minutes (see `trendingWindows`: exact when `at` is on a minute, otherwise both edges move
 * up to the next minute). Reads the per-minute / per-block activity (see ./activity.ts), not the tweets: the cost
 * depends on the minutes and topics in the windows, not on the number of tweets.
 */
export async function computeTrendingTopics(db: Database, at: Date, windowMs: number): Promise<TrendingTopic[]> {
  const windows = trendingWindows(at, windowMs);
  type Row = {
    topic: string | null;
    tweet_count: number;
    engagement_score: number;
    previous: number;
    growth_rate: number;
  };
  // The job's running totals when they are for these windows: the state row and the ranking in one snapshot.
  const fromTotals = await queryRows<Row & { window_end: Date | string; window_minutes: number }>(
    db,
    sql`
      select s.window_end, s.window_minutes, r.*
      from topic_window_state s left join lateral (${rankTopics(windowTotals(windows, true))}) as r on true
      where s.id = 1`,
  );
  const [state] = fromTotals;
  const matched =
    state &&
    totalsMatch(
      { windowEnd: new Date(state.window_end).getTime(), windowMinutes: Number(state.window_minutes) },
      windows,
    );
  // Otherwise (before the first run, another instant than the job's) every span of the windows.
  const rows = matched ? fromTotals : await queryRows<Row>(db, rankTopics(windowTotals(windows, false)));
  return rows.flatMap((row) => {
    if (row.topic === null) return [];
    const tweetCount = Number(row.tweet_count);
    const previousCount = Number(row.previous);
    return [
      {
        topic: row.topic,
        tweetCount,
        engagementScore: Number(row.engagement_score),
        growthRate: Number(row.growth_rate),
        previousCount,
        trend: trendOf(tweetCount, previousCount),
      },
    ];
  });
}

/**
 * The ranking (see `computeTrendingTopics`) of rows `(topic, tweets, engagement, previous)`, several per topic
 * allowed: columns `topic, tweet_count, engagement_score, previous, growth_rate`. One pass over the topics.
 */
export function rankTopics(totals: ReturnType<typeof sql>) {
  return sql`
    select topic, tweet_count, engagement_score, previous,
      (tweet_count - previous)::float8 / greatest(previous, 1) as growth_rate
    from (
      select topic, sum(tweets)::int as tweet_count, sum(engagement)::int as engagement_score, sum(previous)::int as previous
      from (${totals}) as totals
      group by topic
    ) as stats
    where tweet_count > 0
    order by
      tweet_count >= ${TRENDING_MIN_POSTS} desc,
      (tweet_count - previous)::float8 / sqrt(previous + ${TRENDING_SMOOTHING}) desc,
      tweet_count + engagement_score desc,
      topic
    limit ${TRENDING_LIMIT}`;
}

/** jsonb reorders object keys: rebuild each topic in the wire order. */
function normalizeTopics(value: unknown): TrendingTopic[] {
  return z
    .array(trendingTopicSchema)
    .parse(value)
    .map(({ topic, tweetCount, engagementScore, growthRate, previousCount, trend }) => ({
      topic,
      tweetCount,
      engagementScore,
      growthRate,
      previousCount,
      trend,
    }));
}

export function sameTopics(a: readonly TrendingTopic[], b: readonly TrendingTopic[]): boolean {
  return JSON.stringify(normalizeTopics(a)) === JSON.stringify(normalizeTopics(b));
}

/** The newest stored snapshot, if any. */
export async function latestTrendingSnapshot(db: Database): Promise<TrendingSnapshot | undefined> {
  const [row] = await db.select().from(trendingSnapshots).orderBy(desc(trendingSnapshots.computedAt)).limit(1);
  return row
    ? { topics: normalizeTopics(row.topics), computedAt: row.computedAt.toISOString(), windowMs: row.windowMs }
    : undefined;
}

export interface TrendingDeps {
  db: Database;
  bus: EventBus;
  logger: Pick<Logger, "warn">;
}

export interface TrendingRun {
  snapshot: TrendingSnapshot;
  /** False when a snapshot for this instant already existed (a repeated run of the same slot). */
  stored: boolean;
  /** Whether the topics differ from the previous snapshot, i.e. whether it was published. */
  changed: boolean;
}

/**
 * One scheduled computation: folds the activity written since the last run and moves the running totals to the
 * windows of `at` (see ./activity.ts), computes the window ending at `at` (the
 * slot the scheduler assigned), stores it keyed by `at` (a second run of the same slot stores nothing), prunes the
 * activity older than two windows and publishes the snapshot on the trending channel only when the topics differ
 * from the previous snapshot.
 */
export async function runTrendingComputation(deps: TrendingDeps, at: Date, windowMs: number): Promise<TrendingRun> {
  await advanceTopicActivity(deps.db, trendingWindows(at, windowMs));
  const topics = await computeTrendingTopics(deps.db, at, windowMs);
  const snapshot: TrendingSnapshot = { topics, computedAt: at.toISOString(), windowMs };
  const { stored, changed } = await deps.db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ topics: trendingSnapshots.topics })
      .from(trendingSnapshots)
      .where(lt(trendingSnapshots.computedAt, at))
      .orderBy(desc(trendingSnapshots.computedAt))
      .limit(1);
    const inserted = await tx
      .insert(trendingSnapshots)
      .values({ computedAt: at, windowMs, topics })
      .onConflictDoNothing()
      .returning({ computedAt: trendingSnapshots.computedAt });
    if (inserted.length === 0) return { stored: false, changed: false };
    await tx
      .delete(trendingSnapshots)
      .where(lt(trendingSnapshots.computedAt, new Date(at.getTime() - SNAPSHOT_RETENTION_MS)));
    await pruneTopicActivity(tx, trendingWindows(at, windowMs));
    return { stored: true, changed: !previous || !sameTopics(normalizeTopics(previous.topics), topics) };
  });
  if (changed) {
    await deps.bus
      .publish(channels.trending(), snapshot)
      .catch((error: unknown) => deps.logger.warn({ err: error }, "trending publish failed"));
  }
  return { snapshot, stored, changed };
}

/** The latest snapshot, or (before the first scheduled run) one computed now and not stored. */
export async function currentTrendingSnapshot(db: Database, windowMs: number, now = new Date()) {
  const latest = await latestTrendingSnapshot(db);
  if (latest) return latest;
  return { topics: await computeTrendingTopics(db, now, windowMs), computedAt: now.toISOString(), windowMs };
}
