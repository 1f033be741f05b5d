import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CloseCode, closeReason } from "./close-codes";
import { readTrpcBody, startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

// Transport behaviour, independent of the database driver: every server here runs on PGlite.

const waitLong = { timeout: 10_000, interval: 20 };

/** Opens raw clients through `open` and terminates all of them after the suite. */
function clientPool() {
  const clients: RawClient[] = [];
  return {
    track(client: RawClient) {
      clients.push(client);
      return client;
    },
    closeAll() {
      for (const client of clients.splice(0)) client.close();
    },
  };
}

describe("keep-alive", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite", { WS_PING_MS: "150", WS_PONG_WAIT_MS: "150", WS_AUTH_DEADLINE_MS: "60000" });
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("terminates a peer that stops answering pings within ping + pong wait, and keeps one that answers", async () => {
    const dead = pool.track(await connectRaw(ctx.url, { autoPong: false }));
    const alive = pool.track(await connectRaw(ctx.url));
    const openedAt = Date.now();
    // No close frame for a dead peer: the socket is simply dropped (1006 on the client).
    expect((await dead.closed).code).toBe(1006);
    expect(Date.now() - openedAt).toBeLessThan(5_000);
    expect(dead.pings.length).toBeGreaterThanOrEqual(1);
    expect(ctx.server.wsCloses.get("DEAD_PEER")).toBe(1);

    // The answering peer (ws answers protocol pings by itself, as browsers do) is pinged and stays.
    await vi.waitFor(() => expect(alive.pings.length).toBeGreaterThanOrEqual(3), waitLong);
    expect(alive.isOpen).toBe(true);
    const reply = await alive.call("mutation", "auth.login", { username: "nobody", password: "wrong" });
    expect(reply.error?.data?.code).toBe("UNAUTHORIZED");
    expect(ctx.server.wsCloses.get("DEAD_PEER")).toBe(1);
  });

  it("counts any message as a sign of life and still answers tRPC's text PING with PONG", async () => {
    const client = pool.track(await connectRaw(ctx.url, { autoPong: false }));
    const pongs: string[] = [];
    client.socket.on("message", (data) => {
      if (data.toString() === "PONG") pongs.push("PONG");
    });
    // A peer that talks more often than the ping interval is never pinged, so it never needs to answer one.
    for (let i = 0; i < 12; i++) {
      client.send("PING");
      await sleep(50);
    }
    expect(client.isOpen).toBe(true);
    expect(pongs.length).toBe(12);
  });
});

describe("frame size", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite");
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("answers a 64 KiB frame and closes the socket on a bigger one with 1009", async () => {
    const client = pool.track(await connectRaw(ctx.url));
    const call = (password: string) => ({
      id: 1,
      method: "mutation",
      params: { path: "auth.login", input: { username: "nobody", password } },
    });
    const overhead = JSON.stringify(call("")).length;
    client.send(call("x".repeat(64 * 1024 - overhead)));
    expect((await client.response(1)).error?.data?.code).toBe("BAD_REQUEST");

    client.send(call("x".repeat(64 * 1024 - overhead + 1)));
    expect(await client.closed).toEqual({ code: CloseCode.MESSAGE_TOO_BIG, reason: "" });
  });
});

describe("authentication deadline", () => {
  let ctx: TestServer;
  let token: string;
  const pool = clientPool();
  beforeAll(async () => {
    // Long enough for a login (an OWASP scrypt hash, ~0.4 s, seconds on a loaded machine) inside the deadline.
    ctx = await startTestServer("pglite", { WS_AUTH_DEADLINE_MS: "2500" });
    ({ token } = await signUp(ctx.url, "deadline"));
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("lets an anonymous socket call public procedures, then closes it with 4002 at the deadline", async () => {
    const anonymous = pool.track(await connectRaw(ctx.url));
    const login = await anonymous.call("mutation", "auth.login", {
      username: "deadline",
      password: "correct horse battery",
    });
    expect(login.result?.data).toMatchObject({ user: { username: "deadline" } });
    expect((await anonymous.call("query", "auth.me")).error?.data?.code).toBe("UNAUTHORIZED");
    expect(await anonymous.closed).toEqual({
      code: CloseCode.AUTH_TIMEOUT,
      reason: closeReason[CloseCode.AUTH_TIMEOUT],
    });
  });

  it("closes a socket that asked for connectionParams but never sent them, or sent a bad token", async () => {
    const silent = pool.track(await connectRaw(ctx.url, { withholdConnectionParams: true }));
    const badToken = pool.track(await connectRaw(ctx.url, { token: "not-a-session" }));
    expect((await silent.closed).code).toBe(CloseCode.AUTH_TIMEOUT);
    expect((await badToken.closed).code).toBe(CloseCode.AUTH_TIMEOUT);
  });

  it("keeps an authenticated socket past the deadline", async () => {
    const client = pool.track(await connectRaw(ctx.url, { token }));
    expect((await client.call("query", "auth.me")).result?.data).toMatchObject({ username: "deadline" });
    await sleep(2_800);
    expect(client.isOpen).toBe(true);
    expect((await client.call("query", "auth.me")).result?.data).toMatchObject({ username: "deadline" });
  });
});

describe("per-user connection cap", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite", { WS_MAX_CONNECTIONS_PER_USER: "2" });
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("closes the connection over the cap with 4003, counts per user, and frees the place on disconnect", async () => {
    const alice = await signUp(ctx.url, "capped");
    const bob = await signUp(ctx.url, "uncapped");
    const first = pool.track(await connectRaw(ctx.url, { token: alice.token }));
    const second = pool.track(await connectRaw(ctx.url, { token: alice.token }));
    const bobs = pool.track(await connectRaw(ctx.url, { token: bob.token }));
    for (const client of [first, second, bobs]) expect((await client.call("query", "auth.me")).result).toBeDefined();
    expect(ctx.server.connections.stats()).toEqual({
      activeUsers: 2,
      totalUserConnections: 3,
      globalConnections: 0,
      totalConnections: 3,
    });

    const third = pool.track(await connectRaw(ctx.url, { token: alice.token }));
    expect(await third.closed).toEqual({
      code: CloseCode.TOO_MANY_CONNECTIONS,
      reason: closeReason[CloseCode.TOO_MANY_CONNECTIONS],
    });
    expect(ctx.server.connections.connectionsOf(alice.user.id)).toBe(2);

    first.close();
    await vi.waitFor(() => expect(ctx.server.connections.connectionsOf(alice.user.id)).toBe(1), waitLong);
    const fourth = pool.track(await connectRaw(ctx.url, { token: alice.token }));
    expect((await fourth.call("query", "auth.me")).result?.data).toMatchObject({ username: "capped" });
    expect(second.isOpen && bobs.isOpen).toBe(true);
  });
});

describe("per-connection subscription cap", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite", { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "3" });
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  function slotsInUse(): number[] {
    return [...ctx.server.connections.connections()].map((guard) => guard.slots.activeSubscriptions);
  }

  it("refuses the subscription over the cap with TOO_MANY_REQUESTS, keeps the socket, and releases slots", async () => {
    const { token } = await signUp(ctx.url, "subscriber");
    const client = pool.track(await connectRaw(ctx.url, { token }));
    const subscriptions = [
      await client.subscribe("notification.onUnreadCount"),
      await client.subscribe("notification.onNew", { lastEventId: null }),
      await client.subscribe("notification.onUnreadCount"),
    ];
    expect(slotsInUse()).toEqual([3]);

    const refused = await client.response(client.request("subscription", "notification.onUnreadCount"));
    expect(refused.error?.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.error?.message).toBe("Too many subscriptions on this connection (at most 3); stop one first");
    expect((await client.call("query", "auth.me")).result?.data).toMatchObject({ username: "subscriber" });

    // Client unsubscribe.
    client.send({ id: subscriptions[0], method: "subscription.stop" });
    await vi.waitFor(() => expect(slotsInUse()).toEqual([2]), waitLong);
    // A subscription that fails (no such tweet) gives its slot back too.
    const failed = await client.response(
      client.request("subscription", "engagement.onUpdate", { tweetId: crypto.randomUUID() }),
    );
    expect(failed.error?.data?.code).toBe("NOT_FOUND");
    await vi.waitFor(() => expect(slotsInUse()).toEqual([2]), waitLong);
    await client.subscribe("notification.onUnreadCount");
    expect(slotsInUse()).toEqual([3]);
    expect(client.isOpen).toBe(true);

    // A second connection of the same user has its own slots.
    const other = pool.track(await connectRaw(ctx.url, { token }));
    await other.subscribe("notification.onUnreadCount");
    expect(slotsInUse().sort()).toEqual([1, 3]);
    client.close();
    other.close();
    await vi.waitFor(() => expect(slotsInUse()).toEqual([]), waitLong);
  });

  it("cannot be bypassed over HTTP: subscriptions there (server-sent events) are refused and hold nothing", async () => {
    const { token } = await signUp(ctx.url, "sse_user");
    const listeners = ctx.server.bus.localListenerCount;
    const response = await fetch(`${ctx.url}/trpc/notification.onUnreadCount`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    });
    const body = await response.text();
    expect(body).toContain("event: serialized-error");
    expect(body).toContain('"code":"METHOD_NOT_SUPPORTED"');
    expect(body).not.toContain("unread");
    expect(ctx.server.bus.localListenerCount).toBe(listeners);
  });
});

describe("rate limits", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite", {
      WS_MAX_MESSAGES_PER_SECOND: "20",
      WS_MESSAGE_BURST: "20",
      MUTATIONS_PER_USER_PER_MINUTE: "4",
    });
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("closes a flooding socket with 4004 and stops handing its messages to the router; others carry on", async () => {
    const { token } = await signUp(ctx.url, "flooder");
    const bystander = pool.track(await connectRaw(ctx.url, { token: (await signUp(ctx.url, "bystander")).token }));
    const flooder = pool.track(await connectRaw(ctx.url, { token }));
    for (let i = 0; i < 100; i++) flooder.request("query", "auth.me");
    expect(await flooder.closed).toEqual({ code: CloseCode.RATE_LIMITED, reason: closeReason[CloseCode.RATE_LIMITED] });
    // The connectionParams message and at most the burst of calls got through.
    expect(flooder.messages.length).toBeLessThanOrEqual(20);
    expect((await bystander.call("query", "auth.me")).result?.data).toMatchObject({ username: "bystander" });
  });

  it("counts every call of a batch", async () => {
    const client = pool.track(await connectRaw(ctx.url));
    const batch = Array.from({ length: 25 }, (_, index) => ({
      id: index + 1,
      method: "query",
      params: { path: "auth.me" },
    }));
    client.send(batch);
    expect((await client.closed).code).toBe(CloseCode.RATE_LIMITED);
    expect(client.messages).toEqual([]);
  });

  it("lets a steady client well under the rate through", async () => {
    const client = pool.track(await connectRaw(ctx.url));
    for (let i = 0; i < 30; i++) {
      expect((await client.call("query", "auth.me")).error?.data?.code).toBe("UNAUTHORIZED");
      await sleep(60);
    }
    expect(client.isOpen).toBe(true);
  });

  it("limits each user's mutations across HTTP and WebSocket with TOO_MANY_REQUESTS", async () => {
    const { token } = await signUp(ctx.url, "writer");
    const other = await signUp(ctx.url, "otherwriter");
    const overHttp = () =>
      fetch(`${ctx.url}/trpc/notification.markRead`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ all: true }),
      });
    const socket = pool.track(await connectRaw(ctx.url, { token }));
    const overWs = () => socket.call("mutation", "notification.markRead", { all: true });

    expect((await overHttp()).status).toBe(200);
    expect((await overHttp()).status).toBe(200);
    expect((await overWs()).result?.data).toEqual({ changed: 0 });
    expect((await overWs()).result?.data).toEqual({ changed: 0 });
    const refusedWs = await overWs();
    expect(refusedWs.error?.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(refusedWs.error?.message).toMatch(/^Too many changes in a short time; retry in \d+ s$/);
    const refusedHttp = await overHttp();
    expect(refusedHttp.status).toBe(429);
    expect((await readTrpcBody(refusedHttp)).error?.data.code).toBe("TOO_MANY_REQUESTS");

    // Queries are not limited, the socket stays open, and other users have their own budget.
    expect((await socket.call("query", "notification.unreadCount")).result?.data).toBe(0);
    expect(socket.isOpen).toBe(true);
    const otherSocket = pool.track(await connectRaw(ctx.url, { token: other.token }));
    expect((await otherSocket.call("mutation", "notification.markRead", { all: true })).result?.data).toEqual({
      changed: 0,
    });
  });
});

describe("malformed frames and unknown procedures", () => {
  let ctx: TestServer;
  const pool = clientPool();
  beforeAll(async () => {
    ctx = await startTestServer("pglite");
  });
  afterAll(async () => {
    pool.closeAll();
    await ctx.close();
  });

  it("answers each with an error and keeps serving that socket and every other one", async () => {
    const { token } = await signUp(ctx.url, "sane");
    const bystander = pool.track(await connectRaw(ctx.url, { token }));
    const client = pool.track(await connectRaw(ctx.url));
    const frames: Array<[unknown, string]> = [
      ["not json", "PARSE_ERROR"],
      ["{", "PARSE_ERROR"],
      [42, "PARSE_ERROR"],
      [{ hello: "world" }, "PARSE_ERROR"],
      [[1, 2], "PARSE_ERROR"],
      [{ id: {}, method: "query", params: { path: "auth.me" } }, "PARSE_ERROR"],
      [{ id: 1, method: "query" }, "PARSE_ERROR"],
      [{ id: 2, method: "query", params: { path: 7 } }, "PARSE_ERROR"],
      [{ id: 3, method: "delete", params: { path: "auth.me" } }, "PARSE_ERROR"],
      [{ id: null, method: "query", params: { path: "auth.me" } }, "PARSE_ERROR"],
      ["[".repeat(20_000), "PARSE_ERROR"],
    ];
    for (const [frame] of frames) client.send(frame);
    client.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    await vi.waitFor(() => expect(client.messages.length).toBe(frames.length + 1), waitLong);
    for (const message of client.messages) {
      expect(message.id ?? null).toBeNull();
      expect(message.error?.data?.code).toBe("PARSE_ERROR");
    }

    const unknown = await client.call("query", "nope.nothing");
    expect(unknown.error?.data?.code).toBe("NOT_FOUND");
    expect(unknown.error?.message).toBe('No "query"-procedure on path "nope.nothing"');
    const wrongType = await client.call("query", "notification.onNew");
    expect(wrongType.error?.data?.code).toBe("NOT_FOUND");
    expect(wrongType.error?.message).toBe('No "query"-procedure on path "notification.onNew"');
    const badInput = await client.call("mutation", "auth.login", { username: ["x"] });
    expect(badInput.error?.data?.code).toBe("BAD_REQUEST");
    client.send({ id: 99, method: "subscription.stop" });

    expect(client.isOpen).toBe(true);
    expect((await client.call("query", "auth.me")).error?.data?.code).toBe("UNAUTHORIZED");
    expect((await bystander.call("query", "auth.me")).result?.data).toMatchObject({ username: "sane" });
    expect((await fetch(`${ctx.url}/healthz`)).status).toBe(200);
  });

  it("closes a text frame that is not UTF-8 with 1007", async () => {
    const client = pool.track(await connectRaw(ctx.url));
    client.socket.send(Buffer.from([0xc3, 0x28]), { binary: false });
    expect((await client.closed).code).toBe(CloseCode.INVALID_PAYLOAD);
    const other = pool.track(await connectRaw(ctx.url));
    expect((await other.call("query", "auth.me")).error?.data?.code).toBe("UNAUTHORIZED");
  });
});
