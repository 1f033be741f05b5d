import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { computeTrendingTopics, rankTopics, runTrendingComputation, type TrendingTopic, trendOf } from "@pulse/api";
import { createDatabase, type Database, queryRows, sql } from "@pulse/db";
import { Random } from "@pulse/matching";
import { createInProcessBus } from "@pulse/realtime";
import pg from "pg";
import { createBenchDatabase } from "../util/database";
import { progress } from "../util/log";
import { type Summary, summarize } from "../util/stats";

/**
 * Trending compute cost against the number of tweets in the window (issue 8, item 4).
 *
 * One database, two phases: 100 tweets in the window, then `tweets` more. Rows go in with multi-row INSERTs from
 * unnest (5 000 per statement) *with the triggers on*: the activity deltas are written by the same triggers as in
 * production, then folded by one real trending job run (`runTrendingComputation`), as the first run after a burst
 * would. Then, per phase, the compute is timed (warm-up, then sequential runs) both ways: the incremental compute of
 * @pulse/api and the full scan of tweets and engagements it replaced (kept here only, as the "before" reference).
 * `at` is on a minute boundary, where both must return exactly the same topics (checked). After the first job run the
 * activity tables are vacuumed, as autovacuum would within its next nap; the steady phase gets no vacuum at all.
 */

export interface TrendingScenarioOptions {
  pgAdminUrl: string;
  /** Tweets in the window in the large phase (the previous window gets half as many). Default 1 000 000. */
  tweets: number;
  /** Timed runs per compute (after the warm-up). Default 20; the full scan at `tweets` runs min(runs, 5) times. */
  runs?: number;
}

export interface TrendingPhase {
  tweetsInWindow: number;
  tweetsInPreviousWindow: number;
  engagements: number;
  /** Rows of topic_activity after the job folded the phase in. */
  activityRows: number;
  insertSeconds: number;
  /** The first job run after the bulk insert: folds every delta the triggers wrote (the burst), computes, stores. */
  firstJobRunMs: number;
  incremental: Summary;
  fullScan: Summary;
  /** Both computations returned the same topics. */
  sameTopics: boolean;
}

export interface TrendingScenarioResult {
  windowMs: number;
  topicVocabulary: number;
  phases: TrendingPhase[];
  /** Job runs each after one interval (5 s) of writes at the large phase's rate: fold + compute + store + prune. */
  steadyJobRun: Summary;
  steadyBatchTweets: number;
}

const WINDOW_MS = 60 * 60 * 1000;
const INTERVAL_MS = 5_000;
const MINUTE_MS = 60_000;
const USERS = 10_000;
const BATCH = 5_000;
/** Topics drawn from a Zipf(1) distribution over this vocabulary: a few hot ones, a long tail. */
const VOCABULARY = 2_000;
/** Tweets carrying 0, 1, 2, 3 topics. */
const TOPICS_PER_TWEET = [0.4, 0.35, 0.18, 0.07];
const REPLY_SHARE = 0.15;
const LIKE_SHARE = 0.5;
const RETWEET_SHARE = 0.1;
/** Reply targets and engagement targets come from the latest tweets inserted. */
const RECENT_TARGETS = 50_000;
const SEPARATOR = "\u001f";

/** Deterministic pseudo-random numbers in [0, 1) (the matcher's seeded mulberry32): the same data every run. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

class Generator {
  readonly random = prng(8);
  readonly userIds = Array.from({ length: USERS }, () => randomUUID());
  private readonly zipf: number[] = [];
  private readonly recent: string[] = [];

  constructor() {
    let total = 0;
    for (let rank = 1; rank <= VOCABULARY; rank++) {
      total += 1 / rank;
      this.zipf.push(total);
    }
    for (let index = 0; index < this.zipf.length; index++) this.zipf[index] = (this.zipf[index] as number) / total;
  }

  topic(): string {
    const draw = this.random();
    let low = 0;
    let high = this.zipf.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.zipf[middle] as number) < draw) low = middle + 1;
      else high = middle;
    }
    return `topic${low + 1}`;
  }

  topics(): string[] {
    let draw = this.random();
    let count = 0;
    while (count < TOPICS_PER_TWEET.length - 1 && draw >= (TOPICS_PER_TWEET[count] as number)) {
      draw -= TOPICS_PER_TWEET[count] as number;
      count++;
    }
    return [...new Set(Array.from({ length: count }, () => this.topic()))];
  }

  user(): string {
    return this.userIds[Math.floor(this.random() * USERS)] as string;
  }

  target(): string | null {
    return this.recent.length ? (this.recent[Math.floor(this.random() * this.recent.length)] as string) : null;
  }

  remember(id: string) {
    if (this.recent.length < RECENT_TARGETS) this.recent.push(id);
    else this.recent[Math.floor(this.random() * RECENT_TARGETS)] = id;
  }
}

async function insertUsers(client: pg.Client, ids: string[]) {
  for (let start = 0; start < ids.length; start += BATCH) {
    const slice = ids.slice(start, start + BATCH);
    await client.query(
      `insert into users (id, username, display_name, password_hash)
       select id, 'trend' || (n + $2), 'Trend ' || (n + $2), '-' from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [slice, start],
    );
  }
}

/** Inserts `count` tweets created in [from, to) with their likes, retweets and replies; returns the engagements. */
async function insertTweets(client: pg.Client, generator: Generator, count: number, from: number, to: number) {
  let engagements = 0;
  for (let done = 0; done < count; ) {
    const size = Math.min(BATCH, count - done);
    const tweet = { ids: [] as string[], authors: [] as string[], replyTo: [] as (string | null)[] };
    const topics: string[] = [];
    const times: string[] = [];
    const engagement = { users: [] as string[], tweets: [] as string[], kinds: [] as string[], times: [] as string[] };
    for (let index = 0; index < size; index++) {
      const id = randomUUID();
      const time = from + Math.floor(generator.random() * (to - from));
      tweet.ids.push(id);
      tweet.authors.push(generator.user());
      tweet.replyTo.push(generator.random() < REPLY_SHARE ? generator.target() : null);
      topics.push(generator.topics().join(SEPARATOR));
      times.push(new Date(time).toISOString());
      for (const [kind, share] of [
        ["like", LIKE_SHARE],
        ["retweet", RETWEET_SHARE],
      ] as const) {
        if (generator.random() >= share) continue;
        const target = generator.target() ?? id;
        engagement.users.push(generator.user());
        engagement.tweets.push(target);
        engagement.kinds.push(kind);
        engagement.times.push(new Date(from + Math.floor(generator.random() * (to - from))).toISOString());
      }
    }
    await client.query(
      `insert into tweets (id, author_id, content, reply_to_id, topics, created_at)
       select id, author, 'bench', reply_to, string_to_array(topics, E'\\x1f'), created_at
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
         as t(id, author, reply_to, topics, created_at)`,
      [tweet.ids, tweet.authors, tweet.replyTo, topics, times],
    );
    const inserted = await client.query(
      `insert into engagements (user_id, tweet_id, kind, created_at)
       select * from unnest($1::uuid[], $2::uuid[], $3::engagement_kind[], $4::timestamptz[])
       on conflict do nothing`,
      [engagement.users, engagement.tweets, engagement.kinds, engagement.times],
    );
    engagements += inserted.rowCount ?? 0;
    for (const id of tweet.ids) generator.remember(id);
    done += size;
    if (done % 100_000 === 0) progress(`trending: ${done.toLocaleString("en")} / ${count.toLocaleString("en")} tweets`);
  }
  return engagements;
}

/**
 * The compute before issue 8 (packages/api/src/trending/trending.ts at ec05d94): two windows of tweets and
 * engagements scanned on every run, ranked as today (`rankTopics`). Kept only as this benchmark's reference.
 */
async function fullScanTrending(db: Database, at: Date, windowMs: number): Promise<TrendingTopic[]> {
  const to = at.toISOString();
  const from = new Date(at.getTime() - windowMs).toISOString();
  const previousFrom = new Date(at.getTime() - 2 * windowMs).toISOString();
  const rows = await queryRows<{
    topic: string;
    tweet_count: number;
    engagement_score: number;
    previous: number;
    growth_rate: number;
  }>(
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
      ranked as (
        ${rankTopics(sql`
          select k.topic, coalesce(c.n, 0) as tweets, coalesce(e.score, 0) + coalesce(r.n, 0) as engagement,
            coalesce(p.n, 0) as previous
          from (select topic from current_tweets union select topic from reactions union select topic from replies) k
            left join current_tweets c on c.topic = k.topic
            left join previous_tweets p on p.topic = k.topic
            left join reactions e on e.topic = k.topic
            left join replies r on r.topic = k.topic`)}
      )
      select * from ranked`,
  );
  return rows.map((row) => ({
    topic: row.topic,
    tweetCount: Number(row.tweet_count),
    engagementScore: Number(row.engagement_score),
    growthRate: Number(row.growth_rate),
    previousCount: Number(row.previous),
    trend: trendOf(Number(row.tweet_count), Number(row.previous)),
  }));
}

async function time<T>(warmUp: number, runs: number, run: () => Promise<T>): Promise<{ summary: Summary; last: T }> {
  let last = await run();
  for (let index = 1; index < warmUp; index++) last = await run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    last = await run();
    samples.push(performance.now() - started);
  }
  return { summary: summarize(samples), last };
}

export async function runTrendingScenario(options: TrendingScenarioOptions): Promise<TrendingScenarioResult> {
  const runs = options.runs ?? 20;
  const database = await createBenchDatabase(options.pgAdminUrl);
  const handle = createDatabase({ driver: "postgres", url: database.url, poolSize: 2 });
  const bus = createInProcessBus();
  const client = new pg.Client({ connectionString: database.url });
  client.on("error", () => {});
  try {
    await handle.migrate();
    await client.connect();
    const generator = new Generator();
    await insertUsers(client, generator.userIds);
    // Every compute looks at the two hours before `at` (a minute boundary): both computations agree exactly there.
    const at = new Date(Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS);
    const deps = { db: handle.db, bus, logger: { warn: () => {} } };
    let slot = 0;
    const jobRun = async () => {
      // Each run its own slot (1 ms apart, all in the minute after `at`), so each stores and prunes like a real one.
      const started = performance.now();
      await runTrendingComputation(deps, new Date(at.getTime() - MINUTE_MS + ++slot), WINDOW_MS);
      return performance.now() - started;
    };

    const phases: TrendingPhase[] = [];
    let inWindow = 0;
    let inPrevious = 0;
    let engagements = 0;
    for (const added of [100, options.tweets]) {
      const started = performance.now();
      engagements += await insertTweets(
        client,
        generator,
        Math.floor(added / 2),
        at.getTime() - 2 * WINDOW_MS,
        at.getTime() - WINDOW_MS,
      );
      engagements += await insertTweets(client, generator, added, at.getTime() - WINDOW_MS, at.getTime());
      await client.query("vacuum analyze tweets");
      await client.query("vacuum analyze engagements");
      const insertSeconds = (performance.now() - started) / 1000;
      inWindow += added;
      inPrevious += Math.floor(added / 2);
      const firstJobRunMs = await jobRun();
      // What autovacuum does within its next nap (thresholds of migration 0003): the burst's folded deltas are dead
      // rows until then, and every read of the pending deltas would wade through them.
      await client.query("vacuum analyze topic_activity");
      await client.query("vacuum analyze topic_activity_delta");
      await client.query("vacuum analyze topic_window_totals");
      const [rows] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from topic_activity`);
      const large = added === options.tweets;
      progress(`trending: timing ${inWindow.toLocaleString("en")} tweets in the window`);
      const incremental = await time(3, runs, () => computeTrendingTopics(handle.db, at, WINDOW_MS));
      const fullScan = await time(1, large ? Math.min(runs, 5) : runs, () =>
        fullScanTrending(handle.db, at, WINDOW_MS),
      );
      phases.push({
        tweetsInWindow: inWindow,
        tweetsInPreviousWindow: inPrevious,
        engagements,
        activityRows: rows?.n ?? 0,
        insertSeconds,
        firstJobRunMs,
        incremental: incremental.summary,
        fullScan: fullScan.summary,
        sameTopics: JSON.stringify(incremental.last) === JSON.stringify(fullScan.last),
      });
    }

    // Steady state at the large phase's rate: one interval of new writes (in the last minute), then one job run.
    const steadyBatchTweets = Math.max(1, Math.round((options.tweets * INTERVAL_MS) / WINDOW_MS));
    const samples: number[] = [];
    for (let index = 0; index < Math.min(runs, 10); index++) {
      await insertTweets(client, generator, steadyBatchTweets, at.getTime() - MINUTE_MS, at.getTime());
      samples.push(await jobRun());
    }
    return {
      windowMs: WINDOW_MS,
      topicVocabulary: VOCABULARY,
      phases,
      steadyJobRun: summarize(samples),
      steadyBatchTweets,
    };
  } finally {
    await client.end().catch(() => {});
    await bus.close();
    await handle.close();
    await database.drop();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function renderTrendingResult(result: TrendingScenarioResult): string {
  const lines = [
    `trending compute, window ${result.windowMs / 60_000} min (+ the previous window), Zipf topics over ${result.topicVocabulary.toLocaleString("en")}`,
    "tweets in window | engagements | activity rows | incremental p50 / p99 ms | full scan p50 / p99 ms | same topics",
  ];
  for (const phase of result.phases) {
    lines.push(
      [
        phase.tweetsInWindow.toLocaleString("en").padStart(16),
        phase.engagements.toLocaleString("en").padStart(11),
        phase.activityRows.toLocaleString("en").padStart(13),
        `${ms(phase.incremental.p50)} / ${ms(phase.incremental.p99)} (${phase.incremental.samples} runs)`.padStart(24),
        `${ms(phase.fullScan.p50)} / ${ms(phase.fullScan.p99)} (${phase.fullScan.samples} runs)`.padStart(22),
        phase.sameTopics ? "yes" : "NO",
      ].join(" | "),
    );
  }
  const large = result.phases.at(-1);
  if (large) {
    lines.push(
      `first job run after inserting ${large.tweetsInWindow.toLocaleString("en")} tweets (folds the burst): ${ms(large.firstJobRunMs)} ms`,
    );
  }
  lines.push(
    `steady job run (fold ${result.steadyBatchTweets.toLocaleString("en")} new tweets = 5 s at that rate, compute, store, prune): p50 ${ms(result.steadyJobRun.p50)} ms, p99 ${ms(result.steadyJobRun.p99)} ms`,
  );
  return lines.join("\n");
}
