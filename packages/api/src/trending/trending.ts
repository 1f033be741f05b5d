import { type Database, desc, lt, queryRows, sql, trendingSnapshots } from "@pulse/db";
import { channels, type EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { z } from "zod";

export const trendingTopicSchema = z.object({
  topic: z.string(),
  tweetCount: z.number(),
  engagementScore: z.number(),
  growthRate: z.number(),
});

export const trendingSnapshotSchema = z.object({
  topics: z.array(trendingTopicSchema),
  computedAt: z.string(),
});

export type TrendingTopic = z.infer<typeof trendingTopicSchema>;
/** The payload of `trending.list` and `trending.onUpdate`, and the message on the trending channel. */
export type TrendingSnapshot = z.infer<typeof trendingSnapshotSchema>;

export const TRENDING_LIMIT = 10;
/** Snapshots older than this (relative to the newest) are deleted when a new one is stored. */
const SNAPSHOT_RETENTION_MS = 60 * 60 * 1000;

/**
 * The top topics of the window [at − windowMs, at), per topic:
 * - `tweetCount`: tweets created in the window carrying the topic;
 * - `engagementScore`: engagement in the window on tweets carrying the topic (whenever those were posted),
 *   likes · 1 + retweets · 2 + replies · 1 (bookmarks are private and do not count);
 * - `growthRate`: (tweetCount − previous) / max(previous, 1), previous being the tweet count of the window before.
 * Ranked by tweetCount + engagementScore, then growthRate, then topic; at most 10.
 */
export async function computeTrendingTopics(db: Database, at: Date, windowMs: number): Promise<TrendingTopic[]> {
  const to = at.toISOString();
  const from = new Date(at.getTime() - windowMs).toISOString();
  const previousFrom = new Date(at.getTime() - 2 * windowMs).toISOString();
  const rows = await queryRows<{ topic: string; tweet_count: number; engagement_score: number; growth_rate: number }>(
    db,
    sql`
      with current_tweets as (
        select u.topic, count(*)::int as n
        from tweets t cross join lateral unnest(t.topics) as u(topic)
        where t.created_at >= ${from}::timestamptz and t.created_at < ${to}::timestamptz
        group by u.topic
      ),
      previous_tweets as (
        select u.topic, count(*)::int as n
        from tweets t cross join lateral unnest(t.topics) as u(topic)
        where t.created_at >= ${previousFrom}::timestamptz and t.created_at < ${from}::timestamptz
        group by u.topic
      ),
      reactions as (
        select u.topic, sum(case e.kind when 'like' then 1 when 'retweet' then 2 else 0 end)::int as score
        from engagements e
          join tweets t on t.id = e.tweet_id
          cross join lateral unnest(t.topics) as u(topic)
        where e.created_at >= ${from}::timestamptz and e.created_at < ${to}::timestamptz
          and e.kind in ('like', 'retweet')
        group by u.topic
      ),
      replies as (
        select u.topic, count(*)::int as n
        from tweets r
          join tweets p on p.id = r.reply_to_id
          cross join lateral unnest(p.topics) as u(topic)
        where r.created_at >= ${from}::timestamptz and r.created_at < ${to}::timestamptz
        group by u.topic
      ),
      stats as (
        select
          k.topic,
          coalesce(c.n, 0) as tweet_count,
          coalesce(e.score, 0) + coalesce(r.n, 0) as engagement_score,
          (coalesce(c.n, 0) - coalesce(p.n, 0))::float8 / greatest(coalesce(p.n, 0), 1) as growth_rate
        from (select topic from current_tweets union select topic from reactions union select topic from replies) k
          left join current_tweets c on c.topic = k.topic
          left join previous_tweets p on p.topic = k.topic
          left join reactions e on e.topic = k.topic
          left join replies r on r.topic = k.topic
      )
      select topic, tweet_count, engagement_score, growth_rate
      from stats
      order by tweet_count + engagement_score desc, growth_rate desc, topic
      limit ${TRENDING_LIMIT}`,
  );
  return rows.map((row) => ({
    topic: row.topic,
    tweetCount: Number(row.tweet_count),
    engagementScore: Number(row.engagement_score),
    growthRate: Number(row.growth_rate),
  }));
}

/** jsonb reorders object keys: rebuild each topic in the wire order. */
function normalizeTopics(value: unknown): TrendingTopic[] {
  return z
    .array(trendingTopicSchema)
    .parse(value)
    .map(({ topic, tweetCount, engagementScore, growthRate }) => ({ topic, tweetCount, engagementScore, growthRate }));
}

export function sameTopics(a: readonly TrendingTopic[], b: readonly TrendingTopic[]): boolean {
  return JSON.stringify(normalizeTopics(a)) === JSON.stringify(normalizeTopics(b));
}

/** The newest stored snapshot, if any. */
export async function latestTrendingSnapshot(db: Database): Promise<TrendingSnapshot | undefined> {
  const [row] = await db.select().from(trendingSnapshots).orderBy(desc(trendingSnapshots.computedAt)).limit(1);
  return row ? { topics: normalizeTopics(row.topics), computedAt: row.computedAt.toISOString() } : undefined;
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
 * One scheduled computation: computes the window ending at `at` (the slot the scheduler assigned), stores it keyed
 * by `at` (a second run of the same slot stores nothing) and publishes it on the trending channel only when the
 * topics differ from the previous snapshot.
 */
export async function runTrendingComputation(deps: TrendingDeps, at: Date, windowMs: number): Promise<TrendingRun> {
  const topics = await computeTrendingTopics(deps.db, at, windowMs);
  const snapshot: TrendingSnapshot = { topics, computedAt: at.toISOString() };
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
  return { topics: await computeTrendingTopics(db, now, windowMs), computedAt: now.toISOString() };
}
