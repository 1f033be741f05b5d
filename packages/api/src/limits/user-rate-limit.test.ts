import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserRateLimit } from "./user-rate-limit";

async function commandCalls(client: Redis): Promise<number> {
  const info = await client.info("commandstats");
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe("per-user mutation budget in Redis", () => {
  let server: RedisServer;
  let clients: Redis[];
  beforeAll(async () => {
    server = await startRedisServer();
    clients = [new Redis(server.url), new Redis(server.url), new Redis(server.url)];
    // Until a connection is ready the limiter uses its in-memory insurance (per instance), by design.
    await Promise.all(clients.map((client) => client.ping()));
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });

  it("is one budget for every instance, refused with the time to wait", async () => {
    const [a, b] = clients as [Redis, Redis];
    const instanceA = createUserRateLimit({ kind: "mutations", perMinute: 4, redis: a });
    const instanceB = createUserRateLimit({ kind: "mutations", perMinute: 4, redis: b });
    await instanceA.consume("u1");
    await instanceB.consume("u1");
    await instanceA.consume("u1");
    await instanceB.consume("u1");
    const refused = await instanceA.consume("u1").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((refused as TRPCError).message).toMatch(/retry in (59|60) s$/);
    // Another user's budget is untouched.
    await instanceB.consume("u2");
    const ttl = await a.pttl("pulse-mutations:u1");
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("costs two Redis commands per accepted mutation (the script and its INCRBY)", async () => {
    const [, , observer] = clients as [Redis, Redis, Redis];
    const limit = createUserRateLimit({ kind: "mutations", perMinute: 1_000, redis: clients[0] });
    await limit.consume("counted"); // opens the window: + EXPIRE
    const before = await commandCalls(observer);
    for (let i = 0; i < 50; i++) await limit.consume("counted");
    // The first INFO is counted in the second reading (a command's stats are updated after it ran).
    expect((await commandCalls(observer)) - before - 1).toBe(100);
  });
});
