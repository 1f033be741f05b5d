import { createPulseClient, type PulseClient } from "@pulse/client";
import { testDrivers } from "@pulse/db/testing";
import { startRedisServer } from "@pulse/realtime/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { subscribeNotifications } from "./test-cluster";
import { startTestServer, type TestServer } from "./testing";

type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

const drivers = await testDrivers();
/** The same behaviour on each database driver with the in-process bus, and on PostgreSQL with the Redis bus. */
const modes = [
  ...drivers.map((driver) => ({ name: `${driver}, in-process bus`, driver, redis: false })),
  ...(drivers.includes("postgres") ? [{ name: "postgres, Redis bus", driver: "postgres" as const, redis: true }] : []),
];

describe.each(modes)("live notifications ($name)", ({ driver, redis }) => {
  let ctx: TestServer;
  let redisServer: RedisServer | undefined;
  const clients: PulseClient[] = [];
  let counter = 0;

  async function member() {
    const anonymous = createPulseClient({ url: ctx.url });
    clients.push(anonymous);
    const { token, user } = await anonymous.trpc.auth.signup.mutate({
      username: `member${++counter}`,
      password: "correct horse battery",
    });
    const tab = () => {
      const client = createPulseClient({ url: ctx.url, token });
      clients.push(client);
      return client;
    };
    return { user, token, tab };
  }

  beforeAll(async () => {
    redisServer = redis ? await startRedisServer() : undefined;
    ctx = await startTestServer(driver, { REPLAY_LIMIT: "20", ...(redisServer ? { REDIS_URL: redisServer.url } : {}) });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
    await redisServer?.stop();
  });

  it("a like reaches each of the author's three connections exactly once", async () => {
    const alice = await member();
    const bob = await member();
    // From the start of the stream ("0"), so the test does not depend on when each subscribe reaches the server.
    const bobTabs = [bob.tab(), bob.tab(), bob.tab()].map((tab) => subscribeNotifications(tab, "0"));
    const aliceTab = subscribeNotifications(alice.tab(), "0");
    const tweet = await bob.tab().trpc.tweet.create.mutate({ content: "my first post" });
    await alice.tab().trpc.engagement.like.mutate({ tweetId: tweet.id });
    await alice.tab().trpc.engagement.like.mutate({ tweetId: tweet.id });

    // A later event on each stream marks the end: a stream is delivered in order, so a duplicate LIKE or a stray
    // event of bob's would arrive before it (no sleeping in the hope that nothing else comes).
    await alice.tab().trpc.tweet.create.mutate({ content: `@${bob.user.username} marker` });
    await bob.tab().trpc.tweet.create.mutate({ content: `@${alice.user.username} marker` });
    await vi.waitFor(() => {
      for (const tab of bobTabs)
        expect(tab.received).toEqual([
          { id: "1", type: "event", seq: 1, kind: "LIKE" },
          { id: "2", type: "event", seq: 2, kind: "MENTION" },
        ]);
      // Nothing of bob's reaches alice: only her own mention.
      expect(aliceTab.received).toEqual([{ id: "1", type: "event", seq: 1, kind: "MENTION" }]);
    });
  });

  it("resumes with lastEventId: exactly the missed events, in order, then live", async () => {
    const alice = await member();
    const bob = await member();
    const writer = alice.tab();
    const mention = () => writer.trpc.tweet.create.mutate({ content: `hey @${bob.user.username}` });
    await mention();
    const first = subscribeNotifications(bob.tab(), "0");
    await vi.waitFor(() => expect(first.received.map((item) => item.seq)).toEqual([1]));
    first.unsubscribe();

    for (let index = 0; index < 15; index++) await mention();
    const resumed = subscribeNotifications(bob.tab(), "1");
    await vi.waitFor(() => expect(resumed.received).toHaveLength(15));
    await mention();
    await vi.waitFor(() => expect(resumed.received).toHaveLength(16));
    expect(resumed.received.map((item) => item.seq)).toEqual(Array.from({ length: 16 }, (_, index) => index + 2));
    expect(resumed.received.map((item) => item.id)).toEqual(resumed.received.map((item) => String(item.seq)));
    resumed.unsubscribe();
  });

  it("sends one reset instead of a replay beyond the bound, and resets an id it never issued", async () => {
    const alice = await member();
    const bob = await member();
    const writer = alice.tab();
    for (let index = 0; index < 25; index++)
      await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} ${index}` });
    const behind = subscribeNotifications(bob.tab(), "2");
    await vi.waitFor(() => expect(behind.received).toEqual([{ id: "25", type: "reset" }]));
    const bogus = subscribeNotifications(bob.tab(), "999");
    await vi.waitFor(() => expect(bogus.received).toEqual([{ id: "25", type: "reset" }]));
    await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} live` });
    await vi.waitFor(() => {
      expect(behind.received.at(-1)).toEqual({ id: "26", type: "event", seq: 26, kind: "MENTION" });
      expect(bogus.received.at(-1)).toEqual({ id: "26", type: "event", seq: 26, kind: "MENTION" });
    });
  });

  it("no input lets alice listen to bob's notifications", async () => {
    const alice = await member();
    const bob = await member();
    const aliceTab = subscribeNotifications(alice.tab(), "0");
    const bobTab = subscribeNotifications(bob.tab(), "0");
    await alice.tab().trpc.tweet.create.mutate({ content: `@${bob.user.username} secret` });
    await vi.waitFor(() => expect(bobTab.received).toHaveLength(1));
    // Alice's own stream ends with a mention of her: had bob's event reached her, it would have come first.
    await bob.tab().trpc.tweet.create.mutate({ content: `@${alice.user.username} marker` });
    await vi.waitFor(() => expect(aliceTab.received).toEqual([{ id: "1", type: "event", seq: 1, kind: "MENTION" }]));
  });
});
