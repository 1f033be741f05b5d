import { count, engagements, trendingSnapshots, tweets, users } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { channels } from "../channels";
import { createTestApi, type TestApi } from "../testing";
import { topicRow } from "./test-rows";
import { computeTrendingTopics, runTrendingComputation, TRENDING_MIN_POSTS } from "./trending";

const drivers = await testDrivers();
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

describe.each(drivers)("trending on %s", (driver) => {
  let api: TestApi;
  /** The end of the window every computation here looks at. */
  const at = new Date("2030-01-01T12:00:00.000Z");
  const ago = (ms: number) => new Date(at.getTime() - ms);
  let people: string[] = [];
  let counter = 0;

  async function tweet(minutesAgo: number, topics: string[], replyToId?: string) {
    const [row] = await api.database.db
      .insert(tweets)
      .values({
        authorId: people[0] as string,
        content: topics.map((topic) => `#${topic}`).join(" ") || "a reply",
        topics,
        replyToId: replyToId ?? null,
        createdAt: ago(minutesAgo * MINUTE),
      })
      .returning({ id: tweets.id });
    return row?.id as string;
  }

  async function engage(person: number, tweetId: string, kind: "like" | "retweet" | "bookmark", minutesAgo: number) {
    await api.database.db
      .insert(engagements)
      .values({ userId: people[person] as string, tweetId, kind, createdAt: ago(minutesAgo * MINUTE) });
  }

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await api.database.db.delete(trendingSnapshots);
    await api.database.db.delete(tweets);
    const rows = await api.database.db
      .insert(users)
      .values([0, 1, 2].map(() => ({ username: `t${++counter}`, displayName: "T", passwordHash: "x" })))
      .returning({ id: users.id });
    people = rows.map((row) => row.id);
  });

  /** A hand-made hour: every number below is worked out in the comments. */
  async function handMadeHour() {
    const t1 = await tweet(10, ["rust", "wasm"]);
    await tweet(20, ["rust"]);
    const t3 = await tweet(90, ["rust"]); // previous window
    const t4 = await tweet(30, ["go"]);
    const t5 = await tweet(70, ["go"]); // previous window
    await tweet(80, ["go"]); // previous window
    await tweet(100, ["old"]); // previous window only: not trending now
    await tweet(-5, ["future"]); // after the window
    await tweet(50, ["zeta"]);
    await tweet(40, ["beta"]);
    await tweet(5, [], t3); // a reply in the window to an older #rust tweet
    await engage(1, t1, "like", 5);
    await engage(2, t1, "like", 5);
    await engage(1, t1, "retweet", 5);
    await engage(2, t3, "like", 15); // an older tweet, engaged with in the window
    await engage(0, t5, "retweet", 61); // outside the window
    await engage(1, t4, "bookmark", 1); // bookmarks do not count
    await engage(2, t4, "like", 1);
  }

  it("computes tweet counts, engagement scores and growth rates over the sliding window", async () => {
    await handMadeHour();
    expect(await computeTrendingTopics(api.database.db, at, HOUR)).toEqual([
      // No topic has TRENDING_MIN_POSTS: all rank by velocity (c − p) / √(p + 4), ties by activity, then name.
      // 1 tweet now, none before: velocity 1 / 2; engagement of t1: 2 likes + 2·1 retweet.
      topicRow("wasm", 1, 4, 0),
      topicRow("beta", 1, 0, 0),
      topicRow("zeta", 1, 0, 0),
      // 2 tweets now, 1 before: velocity 1 / √5, growth (2 − 1) / 1; engagement 2 + 2 on t1, 1 like on t3, 1 reply.
      topicRow("rust", 2, 6, 1),
      // 1 tweet now, 2 before: growth (1 − 2) / 2; one like (the bookmark and the old retweet do not count).
      topicRow("go", 1, 1, 2),
    ]);
    expect((await computeTrendingTopics(api.database.db, at, HOUR)).find((row) => row.topic === "go")).toMatchObject({
      growthRate: -0.5,
      trend: "steady",
    });
  });

  it("ranks by growth: a new topic with a few posts enters above a large flat one; no empty or absurd rows", async () => {
    // A large flat topic (12 posts in each window), a large falling one, a growing one, a new one at the minimum,
    // a new one below it, and one with engagement only (its post is in the previous window).
    for (let index = 0; index < 12; index++) {
      await tweet(61 + index, ["flat"]);
      await tweet(1 + index, ["flat"]);
    }
    for (let index = 0; index < 20; index++) await tweet(61 + index, ["falling"]);
    for (let index = 0; index < 6; index++) await tweet(1 + index, ["falling"]);
    for (let index = 0; index < 4; index++) await tweet(61 + index, ["growing"]);
    for (let index = 0; index < 10; index++) await tweet(1 + index, ["growing"]);
    for (let index = 0; index < TRENDING_MIN_POSTS; index++) await tweet(1 + index, ["fresh"]);
    await tweet(2, ["lonely"]);
    const old = await tweet(90, ["echo"]);
    await engage(1, old, "like", 5);
    await engage(2, old, "retweet", 5);

    const topics = await computeTrendingTopics(api.database.db, at, HOUR);
    expect(topics.map((row) => [row.topic, row.tweetCount, row.previousCount, row.trend])).toEqual([
      ["growing", 10, 4, "rising"], // (10 − 4) / √8 = 2.1
      ["fresh", 3, 0, "new"], // 3 / √4 = 1.5
      ["flat", 12, 12, "steady"], // 0
      ["falling", 6, 20, "cooling"], // −14 / √24 = −2.9, still above the topics under the minimum
      ["lonely", 1, 0, "new"], // under the minimum: only fills the list
    ]);
    // No "0 posts" row (echo has engagement only), every count positive, growth finite.
    for (const row of topics) {
      expect(row.tweetCount).toBeGreaterThan(0);
      expect(Number.isFinite(row.growthRate)).toBe(true);
    }
  });

  it("keeps the top 10", async () => {
    for (let index = 0; index < 12; index++) {
      const topic = `topic${String(index).padStart(2, "0")}`;
      for (let times = 0; times <= index; times++) await tweet(1, [topic]);
    }
    const topics = await computeTrendingTopics(api.database.db, at, HOUR);
    expect(topics.map((topic) => topic.topic)).toEqual(
      Array.from({ length: 10 }, (_, index) => `topic${String(11 - index).padStart(2, "0")}`),
    );
  });

  it("stores every run once per slot and publishes only when the topics changed", async () => {
    await handMadeHour();
    const published: unknown[] = [];
    const unsubscribe = await api.deps.bus.subscribe(channels.trending(), (message) => published.push(message));
    try {
      const first = await runTrendingComputation(api.deps, at, HOUR);
      expect(first).toMatchObject({ stored: true, changed: true });
      // Five seconds later nothing moved: stored (computedAt advances), not published.
      const same = await runTrendingComputation(api.deps, new Date(at.getTime() + 5_000), HOUR);
      expect(same).toMatchObject({ stored: true, changed: false });
      // The same slot again (a repeated job): neither stored nor published.
      expect(await runTrendingComputation(api.deps, new Date(at.getTime() + 5_000), HOUR)).toMatchObject({
        stored: false,
        changed: false,
      });
      await tweet(1, ["go"]);
      const moved = await runTrendingComputation(api.deps, new Date(at.getTime() + 10_000), HOUR);
      expect(moved).toMatchObject({ stored: true, changed: true });
      expect(moved.snapshot.topics.find((topic) => topic.topic === "go")).toEqual(topicRow("go", 2, 1, 2));
      await vi.waitFor(() => expect(published).toEqual([first.snapshot, moved.snapshot]));
      const [stored] = await api.database.db.select({ n: count() }).from(trendingSnapshots);
      expect(stored?.n).toBe(3);
    } finally {
      await unsubscribe();
    }
  });

  it("trending.list: computed on demand before the first run, then the latest snapshot", async () => {
    const { token } = await (await api.caller()).auth.signup({
      username: `reader${++counter}`,
      password: "correct horse battery",
    });
    const call = await api.caller({ token });
    await expect((await api.caller()).trending.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await call.tweet.create({ content: "now #live" });
    const onDemand = await call.trending.list();
    expect(onDemand.topics).toEqual([topicRow("live", 1, 0, 0)]);
    expect(onDemand.windowMs).toBe(HOUR);
    expect(Number.isNaN(Date.parse(onDemand.computedAt))).toBe(false);

    await handMadeHour();
    const run = await runTrendingComputation(api.deps, at, HOUR);
    expect(await call.trending.list()).toEqual(run.snapshot);
    expect(run.snapshot.computedAt).toBe(at.toISOString());
  });

  it("trending.onUpdate: the snapshot at subscribe, then each change", async () => {
    const { token } = await (await api.caller()).auth.signup({
      username: `watcher${++counter}`,
      password: "correct horse battery",
    });
    const call = await api.caller({ token });
    await handMadeHour();
    const initial = await runTrendingComputation(api.deps, at, HOUR);
    const received: unknown[] = [];
    const stream = await call.trending.onUpdate();
    const done = (async () => {
      for await (const snapshot of stream) {
        received.push(snapshot);
        if (received.length >= 2) break;
      }
    })();
    await vi.waitFor(() => expect(received).toEqual([initial.snapshot]));
    await runTrendingComputation(api.deps, new Date(at.getTime() + 5_000), HOUR);
    await tweet(1, ["wasm"]);
    const changed = await runTrendingComputation(api.deps, new Date(at.getTime() + 10_000), HOUR);
    await done;
    expect(received).toEqual([initial.snapshot, changed.snapshot]);
  });
});
