import { eq, sessions } from "@pulse/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context";
import { appRouter } from "../root";
import { createTestApi, rejection, type TestApi } from "../testing";
import { createCallerFactory } from "../trpc";
import { createSessionCache } from "./session-cache";
import { createSession } from "./sessions";

describe("session cache", () => {
  let api: TestApi;
  let userId: string;
  beforeAll(async () => {
    api = await createTestApi("pglite");
    const { user } = await (await api.caller()).auth.signup({ username: "cached", password: "cached-password-1" });
    userId = user.id;
  });
  afterAll(() => api.close());

  it("answers from memory within its TTL and forgets a revoked session at once", async () => {
    const cache = createSessionCache(api.deps.db, { ttlMs: 60_000 });
    const { token, sessionId } = await createSession(api.deps.db, userId, 60_000);
    expect((await cache.resolve(token))?.user.id).toBe(userId);
    // Revoked behind the cache's back (as another instance would): still cached, which is the point of a cache…
    await api.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
    expect((await cache.resolve(token))?.sessionId).toBe(sessionId);
    // …until the revocation broadcast reaches it.
    cache.forget(sessionId);
    expect(await cache.resolve(token)).toBeNull();
  });

  it("never caches a miss, and with ttl 0 always asks the database", async () => {
    const cache = createSessionCache(api.deps.db, { ttlMs: 60_000 });
    expect(await cache.resolve("not-a-token")).toBeNull();
    const uncached = createSessionCache(api.deps.db, { ttlMs: 0 });
    const { token, sessionId } = await createSession(api.deps.db, userId, 60_000);
    expect((await uncached.resolve(token))?.sessionId).toBe(sessionId);
    await api.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
    expect(await uncached.resolve(token)).toBeNull();
  });

  it("a lookup in flight during a logout does not bring the session back", async () => {
    const cache = createSessionCache(api.deps.db, { ttlMs: 60_000 });
    const { token, sessionId } = await createSession(api.deps.db, userId, 60_000);
    const inFlight = cache.resolve(token);
    cache.forget(sessionId);
    expect(await inFlight).toBeNull();
    expect(await cache.resolve(token)).toBeNull();
  });

  it("never serves a session past its expiry", async () => {
    const cache = createSessionCache(api.deps.db, { ttlMs: 60_000 });
    const { token } = await createSession(api.deps.db, userId, 300);
    expect(await cache.resolve(token)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await cache.resolve(token)).toBeNull();
  });

  it("auth.logout through the router takes effect on the next request of this instance", async () => {
    const cache = createSessionCache(api.deps.db, { ttlMs: 60_000 });
    const cachedApi = { ...api.deps, sessionCache: cache };
    const { token } = await (await api.caller()).auth.login({ username: "cached", password: "cached-password-1" });
    const call = async () =>
      createCallerFactory(appRouter)(await createContext(cachedApi, { transport: "http", ip: "127.0.0.1", token }));
    expect((await (await call()).auth.me()).id).toBe(userId);
    await (await call()).auth.logout();
    expect((await rejection((await call()).auth.me())).code).toBe("UNAUTHORIZED");
  });
});
