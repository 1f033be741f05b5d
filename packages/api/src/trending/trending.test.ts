import { count, engagements, trendingSnapshots, tweets, users } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { channels } from "@pulse/realtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApi, type TestApi } from "../testing";
import { computeTrendingTopics, runTrendingComputation } from "./trending";

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
      // 2 tweets now, 1 before: growth (2 − 1) / 1; engagement 2 likes + 2·1 retweet on t1, 1 like on t3, 1 reply.
      { topic: "rust", tweetCount: 2, engagementScore: 6, growthRate: 1 },
      // 1 tweet now, none before: (1 − 0) / max(0, 1); engagement of t1: 2 + 2.
      { topic: "wasm", tweetCount: 1, engagementScore: 4, growthRate: 1 },
      // 1 tweet now, 2 before: (1 − 2) / 2; one like (the bookmark and the old retweet do not count).
      { topic: "go", tweetCount: 1, engagementScore: 1, growthRate: -0.5 },
      // Ties on activity and growth are ranked by name.
      { topic: "beta", tweetCount: 1, engagementScore: 0, growthRate: 1 },
      { topic: "zeta", tweetCount: 1, engagementScore: 0, growthRate: 1 },
    ]);
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
      expect(moved.snapshot.topics.find((topic) => topic.topic === "go")).toEqual({
        topic: "go",
        tweetCount: 2,
        engagementScore: 1,
        growthRate: 0,
      });
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
    expect(onDemand.topics).toEqual([{ topic: "live", tweetCount: 1, engagementScore: 0, growthRate: 1 }]);
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
