import { createPulseClient, type PulseClient } from "@pulse/client";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./testing";

const drivers = await testDrivers();

// Embedded mode end to end: the server's in-process worker fans out and computes trending; clients hear it over WS.
describe.each(drivers)("feed and trending through the server on %s", (driver) => {
  let ctx: TestServer;
  const clients: PulseClient[] = [];
  let counter = 0;

  async function member() {
    const anonymous = createPulseClient({ url: ctx.url });
    clients.push(anonymous);
    const { token, user } = await anonymous.trpc.auth.signup.mutate({
      username: `feeder${++counter}`,
      password: "correct horse battery",
    });
    const client = createPulseClient({ url: ctx.url, token });
    clients.push(client);
    return { user, client };
  }

  beforeAll(async () => {
    ctx = await startTestServer(driver, { TRENDING_INTERVAL_MS: "100", OUTBOX_SWEEP_INTERVAL_MS: "50" });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });

  it("a post reaches a follower's feed.onNew, and a late tab resumes from its lastEventId", async () => {
    const alice = await member();
    const bob = await member();
    await bob.client.trpc.user.follow.mutate({ userId: alice.user.id });
    const received: Array<{ id: string; content?: string }> = [];
    const subscription = bob.client.trpc.feed.onNew.subscribe(
      { lastEventId: "0" },
      {
        onData: ({ id, data }) => received.push({ id, content: data.type === "event" ? data.event.tweet.content : "" }),
      },
    );
    await alice.client.trpc.tweet.create.mutate({ content: "first #launch" });
    await alice.client.trpc.tweet.create.mutate({ content: "second #launch" });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    subscription.unsubscribe();
    expect(received.map((item) => item.id)).toEqual(["1", "2"]);
    expect(received.map((item) => item.content).sort()).toEqual(["first #launch", "second #launch"]);

    const late: string[] = [];
    const resumed = bob.client.trpc.feed.onNew.subscribe({ lastEventId: "1" }, { onData: ({ id }) => late.push(id) });
    await vi.waitFor(() => expect(late).toEqual(["2"]));
    resumed.unsubscribe();
    expect((await bob.client.trpc.feed.list.query({})).items.map((item) => item.seq)).toEqual([2, 1]);
  });

  it("trending.onUpdate starts with the current snapshot and follows the computations", async () => {
    const carol = await member();
    const snapshots: Array<{ topics: Array<{ topic: string; tweetCount: number }> }> = [];
    const subscription = carol.client.trpc.trending.onUpdate.subscribe(undefined, {
      onData: (snapshot) => snapshots.push(snapshot),
    });
    await vi.waitFor(() => expect(snapshots.length).toBeGreaterThanOrEqual(1));
    await carol.client.trpc.tweet.create.mutate({ content: "all about #vitest" });
    await vi.waitFor(() =>
      expect(snapshots.at(-1)?.topics.find((topic) => topic.topic === "vitest")).toMatchObject({ tweetCount: 1 }),
    );
    subscription.unsubscribe();
    expect((await carol.client.trpc.trending.list.query()).topics.map((topic) => topic.topic)).toContain("vitest");
  });
});
