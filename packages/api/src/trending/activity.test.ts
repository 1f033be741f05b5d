import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  and,
  engagements,
  eq,
  queryRows,
  sql,
  topicActivity,
  topicActivityDelta,
  topicWindowState,
  topicWindowTotals,
  tweets,
  users,
} from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { Random } from "@pulse/matching";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing";
import { advanceTopicActivity, BLOCK_MINUTES, spansOf, trendingWindows } from "./activity";
import { topicRow } from "./test-rows";
import {
  computeTrendingTopics,
  runTrendingComputation,
  TRENDING_LIMIT,
  TRENDING_MIN_POSTS,
  TRENDING_SMOOTHING,
  type TrendingTopic,
} from "./trending";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("trending windows and spans", () => {
  it("are exactly [at − window, at) at a minute boundary and move both edges up to the next minute otherwise", () => {
    const at = Date.parse("2030-01-01T12:00:00.000Z");
    expect(trendingWindows(new Date(at), HOUR)).toEqual({ previousFrom: at - 2 * HOUR, from: at - HOUR, to: at });
    expect(trendingWindows(new Date(at + 1), HOUR)).toEqual({
      previousFrom: at + MINUTE - 2 * HOUR,
      from: at + MINUTE - HOUR,
      to: at + MINUTE,
    });
    // Windows are whole minutes, at least one.
    expect(trendingWindows(new Date(at), 90_000).from).toBe(at - 2 * MINUTE);
    expect(trendingWindows(new Date(at), 1_000).from).toBe(at - MINUTE);
  });

  it("cover a range exactly once, whole blocks in the middle", () => {
    const next = prng(7);
    const random = () => next() * 500;
    for (let run = 0; run < 500; run++) {
      const from = Math.floor(random()) * MINUTE;
      const to = from + Math.floor(random()) * MINUTE;
      const spans = spansOf(from, to);
      const covered = spans
        .flatMap((span) => Array.from({ length: (span.to - span.from) / MINUTE }, (_, i) => span.from + i * MINUTE))
        .sort((a, b) => a - b);
      expect(covered).toEqual(Array.from({ length: (to - from) / MINUTE }, (_, i) => from + i * MINUTE));
      for (const span of spans) {
        if (span.span === BLOCK_MINUTES) expect(span.from % (BLOCK_MINUTES * MINUTE)).toBe(0);
      }
      expect(spans.filter((span) => span.span === 1).length).toBeLessThanOrEqual(2);
    }
  });
});

const drivers = await testDrivers();

/** Deterministic pseudo-random numbers in [0, 1) (the matcher's seeded mulberry32): the same data every run. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

describe.each(drivers)("incremental trending on %s", (driver) => {
  let api: TestApi;
  const at = new Date("2030-01-01T12:00:00.000Z");
  const ago = (ms: number) => new Date(at.getTime() - ms);
  let people: string[] = [];
  let counter = 0;

  async function tweet(createdAt: Date, topics: string[], replyToId?: string) {
    const [row] = await api.database.db
      .insert(tweets)
      .values({ authorId: people[0] as string, content: "x", topics, replyToId: replyToId ?? null, createdAt })
      .returning({ id: tweets.id });
    return row?.id as string;
  }

  async function engage(person: number, tweetId: string, kind: "like" | "retweet" | "bookmark", createdAt: Date) {
    await api.database.db.insert(engagements).values({ userId: people[person] as string, tweetId, kind, createdAt });
  }

  async function undo(person: number, tweetId: string, kind: "like" | "retweet" | "bookmark") {
    await api.database.db
      .delete(engagements)
      .where(
        and(
          eq(engagements.userId, people[person] as string),
          eq(engagements.tweetId, tweetId),
          eq(engagements.kind, kind),
        ),
      );
  }

  /** Trending computed from scratch in TypeScript from every tweet and engagement row, same contract. */
  async function reference(when: Date, windowMs: number): Promise<TrendingTopic[]> {
    const { previousFrom, from, to } = trendingWindows(when, windowMs);
    const allTweets = await api.database.db.select().from(tweets);
    const allEngagements = await api.database.db.select().from(engagements);
    const byId = new Map(allTweets.map((row) => [row.id, row]));
    const stats = new Map<string, { tweets: number; engagement: number; previous: number }>();
    const of = (topic: string) => {
      const entry = stats.get(topic) ?? { tweets: 0, engagement: 0, previous: 0 };
      stats.set(topic, entry);
      return entry;
    };
    const inWindow = (date: Date) => date.getTime() >= from && date.getTime() < to;
    for (const row of allTweets) {
      const time = row.createdAt.getTime();
      for (const topic of row.topics) {
        if (inWindow(row.createdAt)) of(topic).tweets++;
        else if (time >= previousFrom && time < from) of(topic).previous++;
      }
      const parent = row.replyToId ? byId.get(row.replyToId) : undefined;
      if (parent && inWindow(row.createdAt)) for (const topic of parent.topics) of(topic).engagement++;
    }
    for (const row of allEngagements) {
      const target = byId.get(row.tweetId);
      if (!target || row.kind === "bookmark" || !inWindow(row.createdAt)) continue;
      for (const topic of target.topics) of(topic).engagement += row.kind === "like" ? 1 : 2;
    }
    const velocity = (row: TrendingTopic) =>
      (row.tweetCount - row.previousCount) / Math.sqrt(row.previousCount + TRENDING_SMOOTHING);
    const eligible = (row: TrendingTopic) => (row.tweetCount >= TRENDING_MIN_POSTS ? 1 : 0);
    return [...stats.entries()]
      .filter(([, entry]) => entry.tweets > 0)
      .map(([topic, entry]) => topicRow(topic, entry.tweets, entry.engagement, entry.previous))
      .sort(
        (a, b) =>
          eligible(b) - eligible(a) ||
          velocity(b) - velocity(a) ||
          b.tweetCount + b.engagementScore - (a.tweetCount + a.engagementScore) ||
          (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
      )
      .slice(0, TRENDING_LIMIT);
  }

  /** A job step for the windows of `at` (the totals follow them), as runTrendingComputation does first. */
  async function fold(when = at, windowMs = HOUR) {
    await advanceTopicActivity(api.database.db, trendingWindows(when, windowMs));
  }

  async function spanRows() {
    const [row] = await queryRows<{ n: number }>(api.database.db, sql`select count(*)::int as n from topic_activity`);
    return row?.n ?? 0;
  }

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await api.database.db.delete(tweets);
    await api.database.db.delete(topicActivity);
    await api.database.db.delete(topicActivityDelta);
    await api.database.db.delete(topicWindowTotals);
    await api.database.db.delete(topicWindowState);
    const rows = await api.database.db
      .insert(users)
      .values([0, 1, 2].map(() => ({ username: `a${++counter}`, displayName: "A", passwordHash: "x" })))
      .returning({ id: users.id });
    people = rows.map((row) => row.id);
  });

  it("undo: an unlike or unretweet takes the engagement back at the minute it was made, folded or not", async () => {
    const old = await tweet(ago(100 * MINUTE), ["rust"]); // in the previous window: only its engagement counts now
    await tweet(ago(50 * MINUTE), ["rust"]); // a post in the window: a topic trends only with one
    await engage(1, old, "like", ago(30 * MINUTE));
    await engage(2, old, "retweet", ago(20 * MINUTE));
    await engage(1, old, "bookmark", ago(20 * MINUTE));
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([topicRow("rust", 1, 3, 1)]);
    await fold();
    await undo(2, old, "retweet");
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([topicRow("rust", 1, 1, 1)]);
    await fold();
    await undo(1, old, "bookmark");
    await undo(1, old, "like");
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([topicRow("rust", 1, 0, 1)]);
    await fold();
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([topicRow("rust", 1, 0, 1)]);
  });

  it("through the router: tweet.create, like, retweet, reply, unlike", async () => {
    const { token } = await (await api.caller()).auth.signup({
      username: `writer${++counter}`,
      password: "correct horse",
    });
    const call = await api.caller({ token });
    const created = await call.tweet.create({ content: "hello #Pulse #live" });
    await call.tweet.create({ content: "nothing to see" });
    await call.engagement.like({ tweetId: created.id });
    await call.engagement.retweet({ tweetId: created.id });
    await call.engagement.bookmark({ tweetId: created.id });
    await call.tweet.create({ content: "agreed #pulse", replyToId: created.id });
    await call.engagement.unlike({ tweetId: created.id });
    await call.engagement.unlike({ tweetId: created.id }); // idempotent: nothing more taken back
    const now = new Date();
    const expected = [
      // 2 tweets; retweet 2 + reply 1 (the like was taken back).
      topicRow("pulse", 2, 3, 0),
      topicRow("live", 1, 3, 0),
    ];
    expect(await computeTrendingTopics(api.database.db, now, HOUR)).toEqual(expected);
    expect(await reference(now, HOUR)).toEqual(expected);
    await fold(now);
    expect(await computeTrendingTopics(api.database.db, now, HOUR)).toEqual(expected);
  });

  it("window edges: a minute-aligned `at` is exact; otherwise the edges move up to the next minute", async () => {
    await tweet(ago(HOUR), ["first"]); // the first instant of the window
    await tweet(ago(HOUR + 1), ["before"]); // the last instant of the previous window
    await tweet(ago(2 * HOUR), ["before"]); // the first instant of the previous window
    await tweet(ago(2 * HOUR + 1), ["gone"]); // before both
    await tweet(ago(1), ["last"]); // the last instant of the window
    await tweet(at, ["after"]); // the window excludes `at`
    const aligned = await computeTrendingTopics(api.database.db, at, HOUR);
    expect(aligned).toEqual([topicRow("first", 1, 0, 0), topicRow("last", 1, 0, 0)]);
    // 30 s later: [11:01, 12:01): "first" (11:00:00) left for the previous window, "after" (12:00:00) came in.
    const later = new Date(at.getTime() + 30_000);
    expect(await computeTrendingTopics(api.database.db, later, HOUR)).toEqual([
      topicRow("after", 1, 0, 0),
      topicRow("last", 1, 0, 0),
    ]);
    await fold();
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual(aligned);
    expect(await reference(later, HOUR)).toEqual(await computeTrendingTopics(api.database.db, later, HOUR));
  });

  it("growth against the previous window; ranking by minimum count, velocity, activity and name", async () => {
    for (let i = 0; i < 4; i++) await tweet(ago(HOUR + (i + 1) * MINUTE), ["steady"]);
    for (let i = 0; i < 4; i++) await tweet(ago((i + 1) * MINUTE), ["steady"]);
    await tweet(ago(90 * MINUTE), ["rising"]);
    for (let i = 0; i < 3; i++) await tweet(ago((i + 1) * 7 * MINUTE), ["rising"]);
    const liked = await tweet(ago(5 * MINUTE), ["liked"]);
    await engage(0, liked, "like", ago(MINUTE));
    await engage(1, liked, "like", ago(MINUTE));
    await engage(2, liked, "like", ago(MINUTE));
    await tweet(ago(3 * MINUTE), ["alpha"]);
    await tweet(ago(3 * MINUTE), ["omega"]);
    await fold();
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([
      topicRow("rising", 3, 0, 1), // at the minimum; velocity (3 − 1) / √5, growth (3 − 1) / 1
      topicRow("steady", 4, 0, 4), // at the minimum; velocity 0
      topicRow("liked", 1, 3, 0), // under the minimum, velocity 1 / 2 like the next two: more activity
      topicRow("alpha", 1, 0, 0), // ties on both: by name
      topicRow("omega", 1, 0, 0),
    ]);
  });

  it("deleting a tweet takes back its count, its engagement and its replies (cascades included)", async () => {
    const parent = await tweet(ago(10 * MINUTE), ["rust"]);
    const reply = await tweet(ago(9 * MINUTE), ["go"], parent);
    await tweet(ago(8 * MINUTE), [], reply);
    await engage(1, parent, "like", ago(5 * MINUTE));
    await engage(2, parent, "retweet", ago(5 * MINUTE));
    await engage(1, reply, "like", ago(4 * MINUTE));
    await fold();
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual(await reference(at, HOUR));
    await api.database.db.delete(tweets).where(eq(tweets.id, parent));
    const after = await computeTrendingTopics(api.database.db, at, HOUR);
    expect(after).toEqual([topicRow("go", 1, 2, 0)]);
    expect(after).toEqual(await reference(at, HOUR));
    await api.database.db.delete(users).where(eq(users.id, people[0] as string)); // every tweet, by cascade
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([]);
  });

  it("the job prunes spans older than two windows and its results do not change", async () => {
    await tweet(ago(3 * HOUR), ["ancient"]);
    await tweet(ago(2 * HOUR + 5 * MINUTE), ["margin"]); // kept: within the block of margin
    await tweet(ago(90 * MINUTE), ["previous"]);
    await tweet(ago(10 * MINUTE), ["previous", "now"]);
    const before = await computeTrendingTopics(api.database.db, at, HOUR);
    const run = await runTrendingComputation(api.deps, at, HOUR);
    expect(run.snapshot.topics).toEqual(before);
    expect(await queryRows(api.database.db, sql`select 1 from topic_activity_delta`)).toEqual([]);
    const starts = await api.database.db.select({ start: topicActivity.start }).from(topicActivity);
    expect(starts.length).toBeGreaterThan(0);
    // Nothing starts before the block before the one holding the previous window's start (10:00).
    for (const { start } of starts)
      expect(start.getTime()).toBeGreaterThanOrEqual(at.getTime() - 2 * HOUR - 10 * MINUTE);
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual(before);
  });

  it("the migration's backfill rebuilds the activity of existing rows", async () => {
    const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
    const before = (ms: number) => new Date(now.getTime() - ms);
    const a = await tweet(before(5 * MINUTE), ["upgrade", "pulse"]);
    const b = await tweet(before(70 * MINUTE), ["upgrade"]);
    await tweet(before(3 * MINUTE), [], b);
    await engage(1, a, "retweet", before(2 * MINUTE));
    await engage(2, b, "like", before(2 * MINUTE));
    const expected = await reference(now, HOUR);
    expect(expected.length).toBe(2);
    // As before the upgrade: no activity at all; then the backfill statement of the migration.
    await api.database.db.delete(topicActivity);
    await api.database.db.delete(topicActivityDelta);
    expect(await computeTrendingTopics(api.database.db, now, HOUR)).toEqual([]);
    const migration = readFileSync(
      fileURLToPath(new URL("../../../db/migrations/0003_topic_activity.sql", import.meta.url)),
      "utf8",
    );
    const backfill = migration.split("--> statement-breakpoint").at(-1) ?? "";
    expect(backfill).toContain("INSERT INTO topic_activity_delta");
    await api.database.db.execute(sql.raw(backfill));
    expect(await computeTrendingTopics(api.database.db, now, HOUR)).toEqual(expected);
    await fold(now);
    expect(await computeTrendingTopics(api.database.db, now, HOUR)).toEqual(expected);
  });

  it("equals a from-scratch computation on random data, folded or not, at random instants", async () => {
    const random = prng(driver === "pglite" ? 1 : 2);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const vocabulary = ["rust", "go", "wasm", "node", "pulse", "trpc", "redis", "postgres", "vite", "react", "bun"];
    const span = 3 * HOUR;
    const ids: string[] = [];
    const liked = new Set<string>();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 40; i++) {
        // Skewed: the first topics are the most frequent, so ranks and ties both happen.
        const topics = Array.from(
          { length: Math.floor(random() * 3) },
          () => vocabulary[Math.floor(random() ** 2 * 11)] as string,
        );
        const replyTo = ids.length && random() < 0.3 ? pick(ids) : undefined;
        ids.push(await tweet(ago(Math.floor(random() * span) - 10 * MINUTE), topics, replyTo));
      }
      for (let i = 0; i < 60; i++) {
        const person = Math.floor(random() * 3);
        const tweetId = pick(ids);
        const kind = pick(["like", "retweet", "bookmark"] as const);
        const key = `${person}:${tweetId}:${kind}`;
        if (liked.has(key)) {
          await undo(person, tweetId, kind);
          liked.delete(key);
        } else {
          await engage(person, tweetId, kind, ago(Math.floor(random() * span) - 10 * MINUTE));
          liked.add(key);
        }
      }
      if (round === 2) {
        // A few tweets deleted, with their engagement and replies.
        for (let i = 0; i < 3; i++) {
          const [gone] = ids.splice(Math.floor(random() * ids.length), 1);
          if (gone) await api.database.db.delete(tweets).where(eq(tweets.id, gone));
        }
      }
      if (round % 2 === 1) await fold();
      for (let i = 0; i < 4; i++) {
        const when = new Date(
          at.getTime() - Math.floor(random() * HOUR) + (i % 2 === 0 ? 0 : Math.floor(random() * MINUTE)),
        );
        const windowMs = pick([HOUR, 30 * MINUTE, 17 * MINUTE]);
        expect(await computeTrendingTopics(api.database.db, when, windowMs)).toEqual(await reference(when, windowMs));
      }
    }
    expect(await spanRows()).toBeGreaterThan(0);
  });

  it("the job's running totals equal a from-scratch computation run after run, across jumps and window changes", async () => {
    const random = prng(driver === "pglite" ? 3 : 4);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const vocabulary = ["rust", "go", "wasm", "node", "pulse", "trpc", "redis", "postgres"];
    const ids: string[] = [];
    const engaged = new Set<string>();
    let now = at.getTime() - 2 * HOUR;
    let windowMs = HOUR;
    for (let run = 0; run < 40; run++) {
      const move = random();
      // Mostly the scheduler's small steps; sometimes a jump (a stopped job), a late older slot, a new window.
      now += move < 0.7 ? Math.floor(random() * 3 * MINUTE) : move < 0.8 ? 40 * MINUTE : move < 0.9 ? -2 * MINUTE : 0;
      // Shorter windows only: the job keeps two of its windows, so a longer one fills in over its next two windows.
      if (move >= 0.9) windowMs = pick([HOUR, 30 * MINUTE, 20 * MINUTE].filter((ms) => ms <= windowMs));
      for (let i = 0; i < 15; i++) {
        const topics = Array.from({ length: Math.floor(random() * 3) }, () => pick(vocabulary));
        const replyTo = ids.length && random() < 0.3 ? pick(ids) : undefined;
        // Mostly around now, some late in the window (a long transaction), some in the future.
        const createdAt = new Date(now - Math.floor(random() * 2 * HOUR) + 2 * MINUTE);
        ids.push(await tweet(createdAt, topics, replyTo));
      }
      for (let i = 0; i < 15; i++) {
        const person = Math.floor(random() * 3);
        const tweetId = pick(ids);
        const kind = pick(["like", "retweet", "bookmark"] as const);
        const key = `${person}:${tweetId}:${kind}`;
        if (engaged.has(key)) {
          await undo(person, tweetId, kind);
          engaged.delete(key);
        } else {
          await engage(person, tweetId, kind, new Date(now - Math.floor(random() * 2 * HOUR) + MINUTE));
          engaged.add(key);
        }
      }
      if (run % 10 === 9) {
        const [gone] = ids.splice(Math.floor(random() * ids.length), 1);
        if (gone) await api.database.db.delete(tweets).where(eq(tweets.id, gone));
      }
      const when = new Date(now);
      const { snapshot } = await runTrendingComputation(api.deps, when, windowMs);
      expect(snapshot.topics).toEqual(await reference(when, windowMs));
      // After the run, with writes not folded yet (read from the deltas on top of the totals).
      const extra = pick(ids);
      if (!engaged.has(`0:${extra}:retweet`)) {
        await engage(0, extra, "retweet", new Date(now - MINUTE));
        engaged.add(`0:${extra}:retweet`);
      }
      expect(await computeTrendingTopics(api.database.db, when, windowMs)).toEqual(await reference(when, windowMs));
    }
  });
});
