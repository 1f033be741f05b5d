import { createUserRateLimit } from "@pulse/api";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectRateLimitRedis } from "./ws-limits";

async function outcome(promise: Promise<void>): Promise<string> {
  return promise.then(
    () => "ok",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
}

describe("Redis-backed mutation budget", () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis.stop();
  });

  function instance() {
    const client = connectRateLimitRedis(redis.url, pino({ level: "silent" }));
    clients.push(client);
    return { client, limit: createUserRateLimit({ kind: "mutations", perMinute: 3, redis: client }) };
  }

  it("shares one budget per user between instances, and falls back to each instance's own while Redis is away", async () => {
    const first = instance();
    const second = instance();
    await vi.waitFor(() => expect([first.client.status, second.client.status]).toEqual(["ready", "ready"]));

    const spent = [
      await outcome(first.limit.consume("user-1")),
      await outcome(second.limit.consume("user-1")),
      await outcome(first.limit.consume("user-1")),
      await outcome(second.limit.consume("user-1")),
      await outcome(first.limit.consume("user-1")),
    ];
    expect(spent).toEqual(["ok", "ok", "ok", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(await outcome(second.limit.consume("user-2"))).toBe("ok");

    await redis.kill();
    await vi.waitFor(() => expect(first.client.status).not.toBe("ready"));
    // No waiting on a Redis that is gone: the in-memory budget answers at once.
    const offline = [1, 2, 3, 4].map(() => outcome(first.limit.consume("user-3")));
    expect(await Promise.all(offline)).toEqual(["ok", "ok", "ok", "TOO_MANY_REQUESTS"]);
  });
});
