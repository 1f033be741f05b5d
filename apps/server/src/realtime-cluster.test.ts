import { createSession } from "@pulse/api/testing";
import { users } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SESSION_ENDED_CLOSE_CODE } from "./session-sockets";
import { startTestCluster, subscribeNotifications, type TestCluster, wsOnlyClient } from "./test-cluster";

const clusterable = (await testDrivers()).includes("postgres");
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe.runIf(clusterable)("two server instances on one Redis and one PostgreSQL", () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // The subscribe/unsubscribe stress test sends thousands of messages per second over one socket and starts 2 000
    // subscriptions as one user: above the default per-connection message rate (WS_MAX_MESSAGES_PER_SECOND), which
    // would close it with 4004, and the user's start budget (SUBSCRIPTIONS_PER_USER_PER_MINUTE).
    cluster = await startTestCluster(2, {
      SESSION_SWEEP_MS: "300",
      WS_MAX_MESSAGES_PER_SECOND: "100000",
      WS_MESSAGE_BURST: "100000",
      SUBSCRIPTIONS_PER_USER_PER_MINUTE: "100000",
    });
  });
  afterAll(() => cluster?.close());

  it("bob on instance B gets alice's like through instance A exactly once on each of his three connections", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const tabs = [bob.tab(1), bob.tab(1), bob.tab(1)].map((tab) => subscribeNotifications(tab, "0"));
    const tweet = await bob.tab(1).trpc.tweet.create.mutate({ content: "hello from B" });
    await alice.tab(0).trpc.engagement.like.mutate({ tweetId: tweet.id });
    await alice.tab(0).trpc.engagement.like.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => {
      for (const tab of tabs) expect(tab.received).toEqual([{ id: "1", type: "event", seq: 1, kind: "LIKE" }]);
    });
    // A later event proves the first was not followed by a late duplicate.
    await alice.tab(0).trpc.engagement.retweet.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => {
      for (const tab of tabs) expect(tab.seqs()).toEqual([1, 2]);
    });
  });

  it("bob disconnects, 50 notifications are created, he reconnects with lastEventId: exactly those 50, in order", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const writer = alice.tab(0);
    await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} first` });
    const before = bob.tab(1);
    const live = subscribeNotifications(before, "0");
    await vi.waitFor(() => expect(live.seqs()).toEqual([1]));
    before.close();

    for (let index = 0; index < 50; index++)
      await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} ${index}` });
    const resumed = subscribeNotifications(bob.tab(1), "1");
    await vi.waitFor(() => expect(resumed.seqs()).toEqual(range(2, 51)));
    // One more, live: the stream is ordered, so a repeated replayed event would show up before it.
    await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} live` });
    await vi.waitFor(() => expect(resumed.seqs()).toEqual(range(2, 52)));
    expect(resumed.received).toHaveLength(51);
  });

  it("reconnects racing against publishing, 100 times: every segment is contiguous, nothing lost or repeated", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const writers = [alice.tab(0), alice.tab(1)];
    let lastSeen = 0;
    let produced = 0;
    for (let round = 0; round < 100; round++) {
      const tab = bob.tab(round % 2);
      const segment = subscribeNotifications(tab, String(lastSeen));
      // Publish while the subscription is being set up, through both instances.
      await Promise.all(
        [0, 1, 2].map((index) =>
          writers[index % 2]?.trpc.tweet.create.mutate({ content: `@${bob.user.username} r${round}-${index}` }),
        ),
      );
      produced += 3;
      await vi.waitFor(() => expect(segment.seqs()).toEqual(range(lastSeen + 1, produced)));
      lastSeen = produced;
      segment.unsubscribe();
      tab.close();
    }
    expect(lastSeen).toBe(300);
  }, 120_000);

  it("1 000 subscribe/unsubscribe cycles leave no Redis channel, bus listener or subscription behind", async () => {
    const bob = await cluster.member();
    const tweet = await bob.tab(0).trpc.tweet.create.mutate({ content: "watch me" });
    const tab = bob.tab(1);
    const inspector = new Redis(cluster.redis.url);
    // Other tests' subscriptions are still open: compare with the state before the cycles.
    const channelsBefore = (await inspector.pubsub("CHANNELS", "pulse:*")) as string[];
    const countsBefore = cluster.servers.map((server) => [server.bus.localChannelCount, server.bus.localListenerCount]);
    const subscriptions: Array<{ unsubscribe(): void }> = [];
    let started = 0;
    for (let cycle = 0; cycle < 1000; cycle++) {
      // Each subscription is acknowledged by the server (onStarted / first snapshot) before it is stopped,
      // so every cycle really subscribes and unsubscribes on the server, some concurrently with the next.
      const live = new Promise<void>((resolve) => {
        let pending = 2;
        const done = () => {
          if (--pending === 0) resolve();
        };
        subscriptions.push(
          tab.trpc.notification.onNew.subscribe({ lastEventId: null }, { onStarted: done }),
          tab.trpc.engagement.onUpdate.subscribe({ tweetId: tweet.id }, { onData: done }),
        );
      });
      await live;
      started += 2;
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    }
    expect(started).toBe(2000);
    try {
      await vi.waitFor(
        async () => {
          expect(((await inspector.pubsub("CHANNELS", "pulse:*")) as string[]).sort()).toEqual(channelsBefore.sort());
          expect(
            cluster.servers.map((server) => [server.bus.localChannelCount, server.bus.localListenerCount]),
          ).toEqual(countsBefore);
        },
        { timeout: 15_000 },
      );
    } finally {
      inspector.disconnect();
    }
  }, 60_000);

  it("redis-server killed and restarted mid-burst: afterwards every client holds exactly what the database holds", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const carol = await cluster.member();
    const watchers = [subscribeNotifications(bob.tab(1), "0"), subscribeNotifications(bob.tab(0), "0")];
    const carolWatcher = subscribeNotifications(carol.tab(1), "0");
    const writer = alice.tab(0);
    let produced = 0;
    const burst = async (count: number) => {
      for (let index = 0; index < count; index++) {
        await writer.trpc.tweet.create.mutate({ content: `@${bob.user.username} @${carol.user.username} ${produced}` });
        produced++;
      }
    };
    await burst(10);
    await vi.waitFor(() => expect(carolWatcher.seqs()).toEqual(range(1, 10)));
    await cluster.redis.kill();
    // Mutations keep committing while Redis is down; only the doorbells are lost.
    await burst(10);
    await cluster.redis.restart();
    // Nothing is published after the restart: only the resync on reconnect can deliver 11–20.
    await vi.waitFor(
      () => {
        for (const watcher of [...watchers, carolWatcher]) expect(watcher.seqs()).toEqual(range(1, 20));
      },
      { timeout: 20_000 },
    );
    await burst(10);
    await vi.waitFor(() => {
      for (const watcher of [...watchers, carolWatcher]) expect(watcher.seqs()).toEqual(range(1, 30));
    });
  }, 60_000);

  it("a burst of 1 000 likes yields coalesced, never-backwards updates, the last with the exact counts", async () => {
    const author = await cluster.member();
    const tweet = await author.tab(0).trpc.tweet.create.mutate({ content: "go viral" });
    const updates: Array<{ likes: number; bookmarks: number }> = [];
    author
      .tab(1)
      .trpc.engagement.onUpdate.subscribe({ tweetId: tweet.id }, { onData: (counts) => updates.push(counts) });
    await vi.waitFor(() => expect(updates).toEqual([expect.objectContaining({ likes: 0 })]));

    // 1 000 fans made directly in the database (signing up through scrypt would dominate the test).
    const { db } = cluster.database;
    const fans = await db
      .insert(users)
      .values(
        Array.from({ length: 1000 }, (_, index) => ({
          username: `fan${index}_${Date.now()}`,
          displayName: "Fan",
          passwordHash: "-",
        })),
      )
      .returning({ id: users.id });
    const tokens = await Promise.all(
      fans.map((fan) => createSession(db, fan.id, 60_000).then((session) => session.token)),
    );
    const urls = cluster.servers.map((server) => `${server.url}/trpc/engagement.like`);
    let next = 0;
    const likeWorker = async () => {
      for (let index = next++; index < tokens.length; index = next++) {
        const response = await fetch(urls[index % urls.length] ?? "", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${tokens[index]}` },
          body: JSON.stringify({ tweetId: tweet.id }),
        });
        expect(response.status).toBe(200);
      }
    };
    const burstStarted = Date.now();
    await Promise.all(Array.from({ length: 40 }, likeWorker));
    const burstMs = Date.now() - burstStarted;

    await vi.waitFor(() =>
      expect(updates.at(-1)).toMatchObject({ tweetId: tweet.id, likes: 1000, replies: 0, retweets: 0 }),
    );
    // A marker instead of a wait for stragglers: the stream is ordered, so once the author's bookmark shows, every
    // update the burst caused has arrived before it.
    await author.tab(0).trpc.engagement.bookmark.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => expect(updates.at(-1)).toMatchObject({ likes: 1000, bookmarks: 1 }));
    const likes = updates.slice(0, -1).map((update) => update.likes);
    // Counts, not time: the snapshot, then only changes, each with more likes than the one before (never backwards,
    // never a message without news), so at most one message per like; the last before the marker has all 1 000.
    expect(likes[0]).toBe(0);
    expect(likes.at(-1)).toBe(1000);
    for (const [index, count] of likes.entries()) if (index > 0) expect(count).toBeGreaterThan(likes[index - 1] ?? 0);
    expect(likes.length - 1).toBeLessThanOrEqual(1000);
    console.info(`engagement burst: 1000 likes in ${burstMs} ms → ${likes.length - 1} messages after the snapshot`);
  }, 60_000);

  it("typing indicators cross instances, stop at once and expire by themselves", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const tweet = await bob.tab(0).trpc.tweet.create.mutate({ content: "reply to me" });
    const seen: string[][] = [];
    bob
      .tab(1)
      .trpc.typing.onChange.subscribe(
        { tweetId: tweet.id },
        { onData: (state) => seen.push(state.users.map((user) => user.username)) },
      );
    await vi.waitFor(() => expect(seen).toEqual([[]]));
    await alice.tab(0).trpc.typing.start.mutate({ tweetId: tweet.id });
    await alice.tab(0).trpc.typing.start.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([alice.user.username]));
    await alice.tab(0).trpc.typing.stop.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([]));
    await alice.tab(0).trpc.typing.start.mutate({ tweetId: tweet.id });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([alice.user.username]));
    // No stop this time: the entry expires 5 s after the last start and the subscriber is told.
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([]), { timeout: 8_000, interval: 200 });
    expect(seen).toEqual([[], [alice.user.username], [], [alice.user.username], []]);
  }, 30_000);

  it("the unread count is pushed live across instances", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    const counts: number[] = [];
    bob.tab(1).trpc.notification.onUnreadCount.subscribe(undefined, { onData: ({ unread }) => counts.push(unread) });
    await vi.waitFor(() => expect(counts).toEqual([0]));
    await alice.tab(0).trpc.user.follow.mutate({ userId: bob.user.id });
    await vi.waitFor(() => expect(counts.at(-1)).toBe(1));
    await bob.tab(0).trpc.notification.markRead.mutate({ all: true });
    await vi.waitFor(() => expect(counts.at(-1)).toBe(0));
    expect(counts).toEqual([0, 1, 0]);
  });

  it("logout through instance A closes the session's sockets on instance B too", async () => {
    const bob = await cluster.member();
    const onA = wsOnlyClient(cluster.servers[0]?.url ?? "", { token: bob.token });
    const onB = wsOnlyClient(cluster.servers[1]?.url ?? "", { token: bob.token });
    await Promise.all([onA.trpc.auth.me.query(), onB.trpc.auth.me.query()]);
    await bob.tab(0).trpc.auth.logout.mutate();
    await vi.waitFor(() => {
      expect(onA.closes).toEqual([SESSION_ENDED_CLOSE_CODE]);
      expect(onB.closes).toEqual([SESSION_ENDED_CLOSE_CODE]);
    });
  });

  it("a logout whose broadcast was lost (Redis down) still closes the other instance's sockets at the next sweep", async () => {
    const bob = await cluster.member();
    const onB = wsOnlyClient(cluster.servers[1]?.url ?? "", { token: bob.token });
    await onB.trpc.auth.me.query();
    await cluster.redis.kill();
    try {
      await bob.tab(0).trpc.auth.logout.mutate();
      await vi.waitFor(() => expect(onB.closes).toEqual([SESSION_ENDED_CLOSE_CODE]), { timeout: 5_000 });
    } finally {
      await cluster.redis.restart();
    }
  });

  it("stats.connections sums every instance and counts a user connected to both once", async () => {
    const carol = await cluster.member();
    const dave = await cluster.member();
    const asked = carol.tab(0);
    // The truth: every instance's own registry, users united across instances.
    const fromRegistries = () => {
      const users = new Set<string>();
      let userConnections = 0;
      let anonymous = 0;
      for (const server of cluster.servers) {
        const snapshot = server.connections.snapshot();
        for (const [userId, count] of snapshot.perUser) {
          users.add(userId);
          userConnections += count;
        }
        anonymous += snapshot.anonymous;
      }
      return {
        activeUsers: users.size,
        totalUserConnections: userConnections,
        globalConnections: anonymous,
        totalConnections: userConnections + anonymous,
      };
    };
    const sockets = [
      wsOnlyClient(cluster.servers[0]?.url ?? "", { token: carol.token }),
      wsOnlyClient(cluster.servers[1]?.url ?? "", { token: carol.token }),
      wsOnlyClient(cluster.servers[1]?.url ?? "", { token: dave.token }),
    ];
    await Promise.all(sockets.map((socket) => socket.trpc.auth.me.query()));
    const anonymous = wsOnlyClient(cluster.servers[1]?.url ?? "");
    await anonymous.trpc.auth.login.mutate({ username: "nobody", password: "wrong-password" }).catch(() => {});
    const carolOn = () =>
      cluster.servers.map((server) => server.connections.snapshot().perUser.get(carol.user.id) ?? 0);
    expect(carolOn()).toEqual([1, 1]);
    await vi.waitFor(async () => expect(await asked.trpc.stats.connections.query()).toEqual(fromRegistries()));
    const during = fromRegistries();

    for (const socket of [...sockets, anonymous]) socket.close();
    await vi.waitFor(() => expect(carolOn()).toEqual([0, 0]));
    await vi.waitFor(async () => expect(await asked.trpc.stats.connections.query()).toEqual(fromRegistries()));
    const after = fromRegistries();
    expect(during.activeUsers - after.activeUsers).toBe(2);
    expect(during.totalUserConnections - after.totalUserConnections).toBe(3);
    expect(during.globalConnections - after.globalConnections).toBe(1);
  });
});
