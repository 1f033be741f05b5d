import { randomBytes } from "node:crypto";
import { and, eq, feedEntries, streamSequences } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import {
  createBullmqJobQueue,
  createInProcessJobQueue,
  feedFanoutJob,
  type JobQueue,
  type JobWorkers,
} from "@pulse/jobs";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createJobProcessors } from "../processors";
import { createTestApi, type TestApi, trackedItem } from "../testing";
import { fanOutTweet } from "./feed";

const drivers = await testDrivers();
type Runner = "in-process" | "bullmq";
const cases = drivers.flatMap((driver) => (["in-process", "bullmq"] as Runner[]).map((runner) => ({ driver, runner })));

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

type Item = { id: string; type: string; seq?: number; tweetId?: string };

describe.each(cases)("feed on $driver with the $runner queue", ({ driver, runner }) => {
  let api: TestApi;
  let jobs: JobQueue;
  let workers: JobWorkers;
  let counter = 0;

  async function member() {
    const { token, user } = await (await api.caller()).auth.signup({
      username: `${runner === "bullmq" ? "b" : "p"}member${++counter}`,
      password: "correct horse battery",
    });
    return { user, call: await api.caller({ token }) };
  }
  type Member = Awaited<ReturnType<typeof member>>;

  async function follow(fans: Member[], star: Member) {
    for (const fan of fans) await fan.call.user.follow({ userId: star.user.id });
  }

  async function feedOf(who: Member) {
    return api.database.db
      .select({ seq: feedEntries.seq, tweetId: feedEntries.tweetId })
      .from(feedEntries)
      .where(eq(feedEntries.userId, who.user.id))
      .orderBy(feedEntries.seq);
  }

  /** Reads `count` items of feed.onNew, then ends the subscription (breaking out runs the generator's cleanup). */
  async function subscribe(who: Member, lastEventId: string | null, count: number) {
    const items: Item[] = [];
    const iterable = await who.call.feed.onNew({ lastEventId });
    const done = (async () => {
      for await (const tracked of iterable) {
        const [id, data] = trackedItem(tracked);
        const event = data.type === "event" ? data.event : undefined;
        items.push({ id, type: data.type, seq: event?.seq, tweetId: event?.tweet.id });
        if (items.length >= count) break;
      }
    })();
    return { items, done };
  }

  beforeAll(async () => {
    jobs =
      runner === "bullmq"
        ? createBullmqJobQueue({ redisUrl: redis.url, prefix: `feed-${randomBytes(6).toString("hex")}` })
        : createInProcessJobQueue();
    api = await createTestApi(driver, { jobs });
    // Two followers per statement, so that every fan-out here spans several batches.
    workers = await jobs.work(createJobProcessors({ ...api.deps, fanOutBatchSize: 2 }), { concurrency: 4 });
  });
  afterAll(async () => {
    await workers.close();
    await jobs.close();
    await api.close();
  });

  it("fan-out reaches every follower and the author exactly once, each in gap-free seq order", async () => {
    const alice = await member();
    const fans = [await member(), await member(), await member(), await member(), await member()];
    const stranger = await member();
    await follow(fans, alice);
    const posted = [];
    for (let index = 0; index < 3; index++) posted.push(await alice.call.tweet.create({ content: `post ${index}` }));
    const ids = posted.map((tweet) => tweet.id).sort();
    for (const reader of [alice, ...fans]) {
      await vi.waitFor(async () => expect(await feedOf(reader)).toHaveLength(3));
      const feed = await feedOf(reader);
      expect(feed.map((entry) => entry.seq)).toEqual([1, 2, 3]);
      expect(feed.map((entry) => entry.tweetId).sort()).toEqual(ids);
    }
    expect(await feedOf(stranger)).toEqual([]);
  });

  it("a retried or duplicated fan-out creates no duplicates and no gaps", async () => {
    const alice = await member();
    const fans = [await member(), await member(), await member()];
    await follow(fans, alice);
    const tweet = await alice.call.tweet.create({ content: "once only" });
    for (const reader of [alice, ...fans]) await vi.waitFor(async () => expect(await feedOf(reader)).toHaveLength(1));
    // A retry of the whole job (the processor again), and a duplicate job under another id, run after it…
    expect(await fanOutTweet(api.deps, tweet.id, { batchSize: 2 })).toBe(0);
    await jobs.enqueue([{ ...feedFanoutJob(tweet.id), jobId: `duplicate-${tweet.id}` }]);
    // …and two runs racing each other on a new tweet.
    const second = await alice.call.tweet.create({ content: "raced" });
    await Promise.all([fanOutTweet(api.deps, second.id, { batchSize: 2 }), fanOutTweet(api.deps, second.id)]);
    for (const reader of [alice, ...fans]) {
      await vi.waitFor(async () => expect(await feedOf(reader)).toHaveLength(2));
      const feed = await feedOf(reader);
      expect(feed.map((entry) => entry.tweetId)).toEqual([tweet.id, second.id]);
    }
    const sequences = await api.database.db
      .select({ lastSeq: streamSequences.lastSeq })
      .from(streamSequences)
      .where(and(eq(streamSequences.userId, fans[0]?.user.id ?? ""), eq(streamSequences.stream, "feed")));
    // Only a genuinely concurrent duplicate may burn a number; a retry after the fact never does.
    expect(sequences[0]?.lastSeq).toBeGreaterThanOrEqual(2);
    expect((await feedOf(fans[0] as Member)).at(0)?.seq).toBe(1);
  });

  it("feed.list pages newest first by seq", async () => {
    const alice = await member();
    const bob = await member();
    await follow([bob], alice);
    const posted = [];
    for (let index = 0; index < 5; index++) {
      posted.push(await alice.call.tweet.create({ content: `page ${index}` }));
      // One at a time, so that seq order is posting order.
      await vi.waitFor(async () => expect(await feedOf(bob)).toHaveLength(index + 1));
    }
    const first = await bob.call.feed.list({ limit: 2 });
    expect(first.items.map((item) => item.seq)).toEqual([5, 4]);
    expect(first.items.map((item) => item.tweet.id)).toEqual([posted[4]?.id, posted[3]?.id]);
    expect(first.items[0]?.tweet).toMatchObject({ content: "page 4", author: { id: alice.user.id } });
    const second = await bob.call.feed.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.seq)).toEqual([3, 2]);
    const last = await bob.call.feed.list({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((item) => item.seq)).toEqual([1]);
    expect(last.nextCursor).toBeNull();
    expect((await bob.call.feed.list()).items).toHaveLength(5);
  });

  it("feed.onNew delivers live entries, then resumes after lastEventId with exactly what was missed", async () => {
    const alice = await member();
    const bob = await member();
    await follow([bob], alice);
    const live = await subscribe(bob, "0", 2);
    const one = await alice.call.tweet.create({ content: "live one" });
    const two = await alice.call.tweet.create({ content: "live two" });
    await live.done;
    expect(live.items.map((item) => item.type)).toEqual(["event", "event"]);
    expect(live.items.map((item) => item.id)).toEqual(["1", "2"]);
    expect(live.items.map((item) => item.tweetId).sort()).toEqual([one.id, two.id].sort());

    // Offline for two posts, then back with the last id it saw: both, in order, then the next live one.
    await alice.call.tweet.create({ content: "missed three" });
    await alice.call.tweet.create({ content: "missed four" });
    await vi.waitFor(async () => expect(await feedOf(bob)).toHaveLength(4));
    const resumed = await subscribe(bob, "2", 3);
    await vi.waitFor(() => expect(resumed.items).toHaveLength(2));
    const five = await alice.call.tweet.create({ content: "live five" });
    await resumed.done;
    expect(resumed.items.map((item) => item.id)).toEqual(["3", "4", "5"]);
    expect(resumed.items.at(-1)?.tweetId).toBe(five.id);

    // An id the stream never issued gets one reset to refetch with feed.list.
    const bogus = await subscribe(bob, "999", 1);
    await bogus.done;
    expect(bogus.items).toEqual([{ id: "5", type: "reset", seq: undefined, tweetId: undefined }]);
  });

  it("needs a signed-in user", async () => {
    const anonymous = await api.caller();
    await expect(anonymous.feed.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.feed.onNew({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const loner = await member();
    expect(await loner.call.feed.list()).toEqual({ items: [], nextCursor: null });
  });
});
