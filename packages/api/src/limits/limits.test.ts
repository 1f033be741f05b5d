import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context";
import { appRouter } from "../root";
import { createTestApi, rejection, type TestApi } from "../testing";
import { createCallerFactory } from "../trpc";
import { createConnectionLimits } from "./connection-limits";
import { createUserRateLimit } from "./user-rate-limit";

const createCaller = createCallerFactory(appRouter);

describe("subscription slots of a connection", () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await createTestApi("pglite");
    ({ token } = await (await api.caller()).auth.signup({ username: "slots", password: "correct horse battery" }));
  });
  afterAll(() => api.close());

  it("refuses the subscription over the cap with TOO_MANY_REQUESTS and frees a slot when one returns", async () => {
    const connection = createConnectionLimits(2);
    const caller = await api.caller({ transport: "ws", token, connection });
    const first = (await caller.notification.onUnreadCount())[Symbol.asyncIterator]();
    const second = (await caller.notification.onUnreadCount())[Symbol.asyncIterator]();
    expect(connection.activeSubscriptions).toBe(2);

    const refused = await rejection(caller.notification.onUnreadCount());
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toBe("Too many subscriptions on this connection (at most 2); stop one first");
    // Queries and mutations are not subscriptions: the connection stays usable.
    expect(await caller.notification.unreadCount()).toBe(0);

    expect(await first.next()).toEqual({ done: false, value: { unread: 0 } });
    await first.return?.();
    expect(connection.activeSubscriptions).toBe(1);
    await second.return?.();
    await second.return?.();
    expect(connection.activeSubscriptions).toBe(0);
    const third = (await caller.notification.onUnreadCount())[Symbol.asyncIterator]();
    expect(connection.activeSubscriptions).toBe(1);
    await third.return?.();
    expect(connection.activeSubscriptions).toBe(0);
  });

  it("frees the slot of a subscription that fails, of one refused by validation or auth, and on abort", async () => {
    const connection = createConnectionLimits(1);
    const caller = await api.caller({ transport: "ws", token, connection });
    const missing = (await caller.engagement.onUpdate({ tweetId: crypto.randomUUID() }))[Symbol.asyncIterator]();
    expect(connection.activeSubscriptions).toBe(1);
    expect((await rejection(missing.next())).code).toBe("NOT_FOUND");
    expect(connection.activeSubscriptions).toBe(0);

    expect((await rejection(caller.engagement.onUpdate({ tweetId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    const anonymous = await api.caller({ transport: "ws", connection });
    expect((await rejection(anonymous.notification.onUnreadCount())).code).toBe("UNAUTHORIZED");
    expect(connection.activeSubscriptions).toBe(0);

    // The socket closed before the stream was ever iterated: tRPC aborts the subscription's signal.
    const abort = new AbortController();
    const context = await createContext(api.deps, { transport: "ws", ip: "127.0.0.1", token, connection });
    await createCaller(context, { signal: abort.signal }).notification.onUnreadCount();
    expect(connection.activeSubscriptions).toBe(1);
    abort.abort();
    expect(connection.activeSubscriptions).toBe(0);
  });

  it("gives back the slot of a stream nobody iterates (tRPC's duplicate-id path), and re-takes it if iterated late", async () => {
    const connection = createConnectionLimits(1);
    const caller = await api.caller({ transport: "ws", token, connection });
    const dropped = await caller.notification.onUnreadCount();
    expect(connection.activeSubscriptions).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(connection.activeSubscriptions).toBe(0);

    const held = (await caller.notification.onUnreadCount())[Symbol.asyncIterator]();
    expect(connection.activeSubscriptions).toBe(1);
    // Iterated late while another stream holds the only slot: refused, like a start over the cap.
    expect(() => dropped[Symbol.asyncIterator]()).toThrow("Too many subscriptions on this connection (at most 1)");
    await held.return?.();
    const late = dropped[Symbol.asyncIterator]();
    expect(connection.activeSubscriptions).toBe(1);
    expect(await late.next()).toEqual({ done: false, value: { unread: 0 } });
    await late.return?.();
    expect(connection.activeSubscriptions).toBe(0);
  });

  it("does not count over HTTP, where there is no connection", async () => {
    const caller = await api.caller({ token });
    const streams = await Promise.all(Array.from({ length: 5 }, () => caller.notification.onUnreadCount()));
    for (const stream of streams) await stream[Symbol.asyncIterator]().return?.();
  });
});

describe("per-user mutation budget", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi("pglite", {
      mutationRateLimit: createUserRateLimit({ kind: "mutations", perMinute: 3 }),
    });
  });
  afterAll(() => api.close());

  it("answers TOO_MANY_REQUESTS past the budget, for that user only, and leaves queries alone", async () => {
    const signup = async (username: string) => {
      const { token } = await (await api.caller()).auth.signup({ username, password: "correct horse battery" });
      return api.caller({ token });
    };
    const alice = await signup("alice");
    const bob = await signup("bob");
    for (let i = 0; i < 3; i++) await alice.notification.markRead({ all: true });
    const refused = await rejection(alice.notification.markRead({ all: true }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many changes in a short time; retry in \d+ s$/);
    expect(await alice.notification.unreadCount()).toBe(0);
    expect(await bob.notification.markRead({ all: true })).toEqual({ changed: 0 });
  });
});

describe("per-user query budget", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi("pglite", { queryRateLimit: createUserRateLimit({ kind: "queries", perMinute: 3 }) });
  });
  afterAll(() => api.close());

  it("answers TOO_MANY_REQUESTS past the budget, for that user only, and leaves mutations alone", async () => {
    const signup = async (username: string) => {
      const { token } = await (await api.caller()).auth.signup({ username, password: "correct horse battery" });
      return api.caller({ token });
    };
    const alice = await signup("alice");
    const bob = await signup("bob");
    for (let i = 0; i < 3; i++) await alice.notification.unreadCount();
    const refused = await rejection(alice.notification.unreadCount());
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many requests in a short time; retry in \d+ s$/);
    expect(await alice.notification.markRead({ all: true })).toEqual({ changed: 0 });
    expect(await bob.notification.unreadCount()).toBe(0);
  });
});
