import { notifications, streamSequences } from "@pulse/db";
import { type TestDriver, testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CloseCode, closeReason } from "./close-codes";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 15_000, interval: 20 };
const drivers = await testDrivers();

type Mode = { name: string; driver: TestDriver; redis: boolean };
const modes: Mode[] = [
  { name: "embedded (PGlite, in-process bus)", driver: "pglite", redis: false },
  ...(drivers.includes("postgres")
    ? [{ name: "distributed (PostgreSQL, Redis bus)", driver: "postgres", redis: true } as const]
    : []),
];

describe.each(modes)("release on disconnect, $name", ({ driver, redis }) => {
  let ctx: TestServer;
  let redisServer: RedisServer | undefined;
  let admin: Redis | undefined;
  beforeAll(async () => {
    redisServer = redis ? await startRedisServer() : undefined;
    admin = redisServer ? new Redis(redisServer.url) : undefined;
    ctx = await startTestServer(driver, redisServer ? { REDIS_URL: redisServer.url } : {});
  });
  afterAll(async () => {
    await ctx.close();
    admin?.disconnect();
    await redisServer?.stop();
  });

  const redisChannels = async () => (admin ? ((await admin.pubsub("CHANNELS")) as string[]).sort() : []);

  it("drops every bus listener and channel, Redis channel, slot and registry entry when sockets are cut", async () => {
    const { bus, connections } = ctx.server;
    // What the server holds for itself (e.g. the logout broadcast channel), before any client connects.
    const baseline = {
      channels: bus.localChannelCount,
      listeners: bus.localListenerCount,
      redis: await redisChannels(),
    };

    const members = await Promise.all(["rel_a", "rel_b", "rel_c"].map((name) => signUp(ctx.url, name)));
    const author = members[0] as (typeof members)[number];
    const tweetResponse = await fetch(`${ctx.url}/trpc/tweet.create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${author.token}` },
      body: JSON.stringify({ content: "watch my counters" }),
    });
    const tweetId = ((await tweetResponse.json()) as { result: { data: { id: string } } }).result.data.id;

    const sockets: RawClient[] = [];
    for (const member of members) {
      for (let tab = 0; tab < 2; tab++) {
        const socket = await connectRaw(ctx.url, { token: member.token });
        await socket.subscribe("notification.onNew", { lastEventId: "0" });
        await socket.subscribe("notification.onUnreadCount");
        await socket.subscribe("engagement.onUpdate", { tweetId });
        sockets.push(socket);
      }
    }
    // One listener per subscription; one channel per member's inbox plus the tweet's.
    await vi.waitFor(() => {
      expect(bus.localListenerCount).toBe(baseline.listeners + sockets.length * 3);
      expect(bus.localChannelCount).toBe(baseline.channels + members.length + 1);
    }, waitLong);
    expect(connections.stats()).toEqual({
      activeUsers: 3,
      totalUserConnections: 6,
      globalConnections: 0,
      totalConnections: 6,
    });
    expect([...connections.connections()].map((guard) => guard.slots.activeSubscriptions)).toEqual([3, 3, 3, 3, 3, 3]);
    if (admin) expect((await redisChannels()).length).toBe(baseline.redis.length + members.length + 1);

    // Cut, not closed: no close frame, as when a laptop lid shuts or a network drops.
    for (const socket of sockets) socket.close();

    await vi.waitFor(() => {
      expect(bus.localListenerCount).toBe(baseline.listeners);
      expect(bus.localChannelCount).toBe(baseline.channels);
      expect(ctx.server.connectionCount).toBe(0);
      expect(connections.stats()).toEqual({
        activeUsers: 0,
        totalUserConnections: 0,
        globalConnections: 0,
        totalConnections: 0,
      });
    }, waitLong);
    expect([...connections.connections()]).toEqual([]);
    expect([...connections.userIds()]).toEqual([]);
    if (admin) await vi.waitFor(async () => expect(await redisChannels()).toEqual(baseline.redis), waitLong);
  });
});

describe("slow consumers", () => {
  let ctx: TestServer;
  let recipient: { token: string; user: { id: string } };
  const sockets: RawClient[] = [];
  beforeAll(async () => {
    ctx = await startTestServer("pglite", {
      WS_MAX_BUFFERED_BYTES: String(64 * 1024),
      // Long enough for the resumed client to drain and read the close frame; the stuck one is cut after it.
      WS_PONG_WAIT_MS: "3000",
      WS_PING_MS: "600000",
      REPLAY_LIMIT: "100000",
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "1000",
      WS_MESSAGE_BURST: "1000",
    });
    recipient = await signUp(ctx.url, "reader");
    const actor = await signUp(ctx.url, "mentioner");
    // A long backlog, written directly: each replay of it pushes ~1 MB towards the client.
    const count = 3_000;
    const rows = Array.from({ length: count }, (_, index) => ({
      recipientId: recipient.user.id,
      seq: index + 1,
      kind: "MENTION" as const,
      actorId: actor.user.id,
      tweetId: null,
      dedupeKey: `MENTION:${actor.user.id}:${index}`,
    }));
    const { db } = ctx.server.database;
    for (let start = 0; start < count; start += 1_000)
      await db.insert(notifications).values(rows.slice(start, start + 1_000));
    await db.insert(streamSequences).values({ userId: recipient.user.id, stream: "notifications", lastSeq: count });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await ctx.close();
  });

  /** A client that stops reading, then keeps asking for replays until the server gives up on it. */
  async function stopReadingUntilClosed(closesBefore: number): Promise<RawClient> {
    const socket = await connectRaw(ctx.url, { token: recipient.token });
    sockets.push(socket);
    expect((await socket.call("query", "auth.me")).result).toBeDefined();
    socket.socket.pause();
    await vi.waitFor(
      () => {
        if ((ctx.server.wsCloses.get("SLOW_CONSUMER") ?? 0) > closesBefore) return;
        // Whatever the kernel's socket buffers absorb first, each replay adds ~1 MB more.
        socket.request("subscription", "notification.onNew", { lastEventId: "0" });
        throw new Error("still buffering");
      },
      { timeout: 30_000, interval: 100 },
    );
    return socket;
  }

  it("closes a client that stops reading with 4005 once its buffer passes the bound", async () => {
    const socket = await stopReadingUntilClosed(0);
    // Reading again, it drains what was sent before the close, then the close frame.
    socket.socket.resume();
    expect(await socket.closed).toEqual({
      code: CloseCode.SLOW_CONSUMER,
      reason: closeReason[CloseCode.SLOW_CONSUMER],
    });
    await vi.waitFor(() => expect(ctx.server.connections.stats().totalConnections).toBe(0), waitLong);
    expect(ctx.server.wsCloses.get("CLOSE_TIMEOUT")).toBeUndefined();
  });

  it("terminates a slow consumer that never reads its close frame: that client sees 1006, not 4005", async () => {
    const socket = await stopReadingUntilClosed(1);
    await vi.waitFor(() => {
      expect(ctx.server.wsCloses.get("CLOSE_TIMEOUT")).toBe(1);
      expect(ctx.server.connections.stats().totalConnections).toBe(0);
      expect(ctx.server.connectionCount).toBe(0);
    }, waitLong);
    // The 4005 close frame was queued behind the backlog the client never read, and was dropped with it (TCP
    // delivers in order: no close frame can overtake queued data). Reading again, it finds an abnormal closure.
    socket.socket.resume();
    expect((await socket.closed).code).toBe(1006);
    // The server kept serving meanwhile.
    const other = await connectRaw(ctx.url, { token: recipient.token });
    sockets.push(other);
    expect((await other.call("query", "auth.me")).result).toBeDefined();
  });
});
