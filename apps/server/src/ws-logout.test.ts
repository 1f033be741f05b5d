import { eq, sessions } from "@pulse/db";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CloseCode, closeReason } from "./close-codes";
import { MAX_TIMEOUT_MS, onDeadline } from "./deadline-timer";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp, type WireMessage } from "./ws-test-client";

const waitLong = { timeout: 10_000, interval: 20 };
const sessionEnded = { code: CloseCode.SESSION_ENDED, reason: closeReason[CloseCode.SESSION_ENDED] };

describe("logout over WebSocket", () => {
  let ctx: TestServer;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    // A sweep that never runs within a test: only the logout itself may end the sockets.
    ctx = await startTestServer("pglite", { WS_PONG_WAIT_MS: "300", SESSION_SWEEP_MS: "3600000" });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });
  const track = (client: RawClient) => {
    clients.push(client);
    return client;
  };

  it("refuses every message sent after the logout's response, on each socket of the session, then closes with 4001", async () => {
    const { token } = await signUp(ctx.url, "leaver");
    const tabs = [track(await connectRaw(ctx.url, { token })), track(await connectRaw(ctx.url, { token }))];
    for (const tab of tabs) expect((await tab.call("query", "auth.me")).result).toBeDefined();
    const [tab, other] = tabs as [RawClient, RawClient];

    // The moment the logout's response arrives, both tabs ask again, as the user, and try to subscribe.
    const lateIds = new Map<RawClient, number[]>();
    let logoutResponse: WireMessage | undefined;
    let logoutId = -1;
    tab.socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as WireMessage;
      if (message.id !== logoutId) return;
      logoutResponse = message;
      for (const client of tabs) {
        lateIds.set(client, [
          client.request("query", "auth.me"),
          client.request("subscription", "notification.onUnreadCount"),
        ]);
      }
    });
    logoutId = tab.request("mutation", "auth.logout");

    expect(await tab.closed).toEqual(sessionEnded);
    expect(await other.closed).toEqual(sessionEnded);
    expect(logoutResponse?.result?.data).toEqual({ ok: true });
    // Before the fix, both auth.me calls answered with the user and both subscriptions started (a 50 ms window).
    for (const client of tabs) {
      expect(lateIds.get(client)).toHaveLength(2);
      expect(client.messages.filter((m) => lateIds.get(client)?.includes(m.id as number))).toEqual([]);
    }
    expect(ctx.server.wsCloses.get("SESSION_ENDED")).toBe(2);
  });

  it("terminates a socket of the logged-out session that never acknowledges the close after WS_PONG_WAIT_MS", async () => {
    const { token } = await signUp(ctx.url, "stubborn");
    const stuck = track(await connectRaw(ctx.url, { token }));
    expect((await stuck.call("query", "auth.me")).result).toBeDefined();
    const timeoutsBefore = ctx.server.wsCloses.get("CLOSE_TIMEOUT") ?? 0;
    // It reads nothing more: the close frame stays in its receive buffer, unanswered.
    stuck.socket.pause();

    const response = await fetch(`${ctx.url}/trpc/auth.logout`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(response.status).toBe(200);
    // Before the fix ws held it for its own 30 s close timeout, uncounted.
    await vi.waitFor(() => {
      expect(ctx.server.wsCloses.get("CLOSE_TIMEOUT")).toBe(timeoutsBefore + 1);
      expect(ctx.server.connections.connectionsOf(stuckUserId(ctx))).toBe(0);
    }, waitLong);
    // The close frame had reached its receive buffer before the cut: read now, it still names the reason.
    stuck.socket.resume();
    expect(await stuck.closed).toEqual(sessionEnded);
  });
});

/** The only user left connected is the stubborn one until it is cut (the other tests' users are gone). */
function stuckUserId(ctx: TestServer): string {
  return [...ctx.server.connections.userIds()][0] ?? "none";
}

describe("session expiry over WebSocket", () => {
  let ctx: TestServer;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    // No session cache and no sweep: the expiry must end the socket by itself, at expiresAt.
    ctx = await startTestServer("pglite", { SESSION_CACHE_MS: "0", SESSION_SWEEP_MS: "3600000" });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });

  it("ends an open subscription's socket at its session's expiresAt with 4001", async () => {
    const { token, user } = await signUp(ctx.url, "expiring");
    const expiresAt = new Date(Date.now() + 1_500);
    await ctx.server.database.db.update(sessions).set({ expiresAt }).where(eq(sessions.userId, user.id));
    const client = await connectRaw(ctx.url, { token });
    clients.push(client);
    const id = await client.subscribe("notification.onUnreadCount");
    await vi.waitFor(() => expect(client.dataOf(id)).toEqual([{ unread: 0 }]), waitLong);

    // Before the fix the socket stayed open (and its subscription streaming) until the next sweep.
    const closed = await vi.waitFor(async () => {
      const result = await Promise.race([client.closed, new Promise<null>((resolve) => setImmediate(resolve, null))]);
      if (!result) throw new Error("still open");
      return result;
    }, waitLong);
    expect(closed).toEqual(sessionEnded);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
  });
});

describe("onDeadline", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits out a deadline beyond setTimeout's limit in steps instead of firing at once", () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    onDeadline(Date.now() + thirtyDays, fired);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(thirtyDays - MAX_TIMEOUT_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("fires at once for a deadline already past, and never once cleared", () => {
    vi.useFakeTimers();
    const past = vi.fn();
    onDeadline(Date.now() - 1, past);
    expect(past).toHaveBeenCalledTimes(1);
    const cleared = vi.fn();
    onDeadline(Date.now() + 1_000, cleared).clear();
    vi.advanceTimersByTime(2_000);
    expect(cleared).not.toHaveBeenCalled();
  });
});
