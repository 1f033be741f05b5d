import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createInProcessPresence, createRedisPresence } from "./presence";
import { startRedisServer } from "./testing";

let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

describe("presence", () => {
  it("in-process: totals of this instance", async () => {
    const presence = createInProcessPresence();
    presence.report(() => ({
      perUser: new Map([
        ["a", 2],
        ["b", 1],
        ["gone", 0],
      ]),
      anonymous: 3,
    }));
    expect(await presence.totals()).toEqual({
      activeUsers: 2,
      totalUserConnections: 3,
      globalConnections: 3,
      totalConnections: 6,
    });
  });

  it("redis: sums every live instance, counts a user on two instances once, and forgets closed ones", async () => {
    const a = await createRedisPresence({ url: redis.url, coalesceMs: 1 });
    const b = await createRedisPresence({ url: redis.url, coalesceMs: 1 });
    a.report(() => ({
      perUser: new Map([
        ["alice", 2],
        ["bob", 1],
      ]),
      anonymous: 1,
    }));
    b.report(() => ({ perUser: new Map([["alice", 1]]), anonymous: 2 }));
    await vi.waitFor(async () =>
      expect(await b.totals()).toEqual({
        activeUsers: 2,
        totalUserConnections: 4,
        globalConnections: 3,
        totalConnections: 7,
      }),
    );
    await a.close();
    expect(await b.totals()).toEqual({
      activeUsers: 1,
      totalUserConnections: 1,
      globalConnections: 2,
      totalConnections: 3,
    });
    await b.close();
  });

  it("redis: an instance that stopped heartbeating (crashed) drops out by itself", async () => {
    const survivor = await createRedisPresence({ url: redis.url, heartbeatMs: 100, coalesceMs: 1 });
    // What a crashed instance leaves behind: its hash and a last heartbeat older than three intervals.
    const inspector = new Redis(redis.url);
    await inspector.hset("pulse:presence:crashed", { carol: 1, "~anonymous": 4 });
    await inspector.zadd("pulse:presence:instances", Date.now() - 1_000, "crashed");
    expect(await survivor.totals()).toEqual({
      activeUsers: 0,
      totalUserConnections: 0,
      globalConnections: 0,
      totalConnections: 0,
    });
    expect(await inspector.zrange("pulse:presence:instances", "0", "-1")).not.toContain("crashed");
    // The same entry with a fresh heartbeat counts.
    await inspector.zadd("pulse:presence:instances", Date.now(), "crashed");
    expect((await survivor.totals()).activeUsers).toBe(1);
    inspector.disconnect();
    await survivor.close();
  });
});
