import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AuthRateLimits, createAuthRateLimits } from "./rate-limits";

/** The code a call rejects with, or "admitted". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "admitted",
    (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
  );
}

/** One wrong login from `ip`: "UNAUTHORIZED" when admitted (and recorded), else the refusal. */
async function fail(limits: AuthRateLimits, ip: string, username: string): Promise<string> {
  const admitted = await outcome(limits.admitLogin(ip, username).then((attempt) => attempt.failed()));
  return admitted === "admitted" ? "UNAUTHORIZED" : admitted;
}

async function failTimes(limits: AuthRateLimits, times: number, ip: string, username: string): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < times; i++) codes.push(await fail(limits, ip, username));
  return codes;
}

describe("login rate limits", () => {
  it("refuse an IP+username pair after 10 failures, for an hour, and not the same name from elsewhere", async () => {
    const limits = createAuthRateLimits();
    expect(await failTimes(limits, 10, "10.0.0.1", "alice")).toEqual(Array(10).fill("UNAUTHORIZED"));
    const refused = await limits.admitLogin("10.0.0.1", "alice").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).message).toMatch(/retry in (3599|3600) s$/);
    // The owner, from their own address, is untouched.
    await (await limits.admitLogin("192.0.2.7", "alice")).succeeded();
  });

  it("forget a pair's failures when it logs in", async () => {
    // Not slowed down as a targeted name: this is only about the pair.
    const limits = createAuthRateLimits({ failuresPerUsernamePerHour: 100 });
    await failTimes(limits, 9, "10.0.0.1", "bob");
    await (await limits.admitLogin("10.0.0.1", "bob")).succeeded();
    expect(await failTimes(limits, 10, "10.0.0.1", "bob")).toEqual(Array(10).fill("UNAUTHORIZED"));
    expect(await outcome(limits.admitLogin("10.0.0.1", "bob"))).toBe("TOO_MANY_REQUESTS");
  });

  it("slow a name guessed from many addresses down to 3 guesses per address, never refusing a clean pair", async () => {
    const limits = createAuthRateLimits();
    // 10 addresses, one guess each: the name is now targeted.
    for (let host = 1; host <= 10; host++) expect(await fail(limits, `10.0.1.${host}`, "carol")).toBe("UNAUTHORIZED");
    // A fresh address gets 3 guesses, not 10.
    expect(await failTimes(limits, 4, "10.0.2.1", "carol")).toEqual([
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "TOO_MANY_REQUESTS",
    ]);
    // The owner is admitted (and may even mistype twice) while the attack goes on.
    expect(await failTimes(limits, 2, "192.0.2.7", "carol")).toEqual(["UNAUTHORIZED", "UNAUTHORIZED"]);
    await (await limits.admitLogin("192.0.2.7", "carol")).succeeded();
    // Other names are not slowed down.
    expect(await failTimes(limits, 4, "10.0.2.1", "dave")).toEqual(Array(4).fill("UNAUTHORIZED"));
  });

  it("refuse an address after its daily failures, whatever the name", async () => {
    const limits = createAuthRateLimits({ failuresPerIpPerDay: 5 });
    for (const name of ["a1", "a2", "a3", "a4", "a5"])
      expect(await fail(limits, "10.0.0.9", name)).toBe("UNAUTHORIZED");
    expect(await outcome(limits.admitLogin("10.0.0.9", "someone_else"))).toBe("TOO_MANY_REQUESTS");
    expect(await outcome(limits.admitLogin("10.0.0.10", "someone_else"))).toBe("admitted");
  });

  it("count sign-ups per address only", async () => {
    const limits = createAuthRateLimits({ perIpPerMinute: 3 });
    for (let i = 0; i < 3; i++) await limits.admitSignup("10.0.0.1");
    expect(await outcome(limits.admitSignup("10.0.0.1"))).toBe("TOO_MANY_REQUESTS");
    expect(await outcome(limits.admitLogin("10.0.0.1", "erin"))).toBe("TOO_MANY_REQUESTS");
    expect(await outcome(limits.admitSignup("10.0.0.2"))).toBe("admitted");
  });
});

describe("login rate limits in Redis", () => {
  let server: RedisServer;
  let clients: [Redis, Redis];
  beforeAll(async () => {
    server = await startRedisServer();
    clients = [new Redis(server.url), new Redis(server.url)];
    // Until a connection is ready the limiter uses its in-memory insurance (per instance), by design.
    await Promise.all(clients.map((client) => client.ping()));
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });

  it("is one budget for every instance: two instances do not double the guesses", async () => {
    const [a, b] = clients.map((redis) => createAuthRateLimits({ redis })) as [AuthRateLimits, AuthRateLimits];
    // 5 wrong guesses through each instance: the pair's 10, shared.
    expect([...(await failTimes(a, 5, "10.0.0.1", "frank")), ...(await failTimes(b, 5, "10.0.0.1", "frank"))]).toEqual(
      Array(10).fill("UNAUTHORIZED"),
    );
    expect(await outcome(a.admitLogin("10.0.0.1", "frank"))).toBe("TOO_MANY_REQUESTS");
    expect(await outcome(b.admitLogin("10.0.0.1", "frank"))).toBe("TOO_MANY_REQUESTS");
    // A success through one instance clears the pair for both.
    await (await a.admitLogin("10.0.0.2", "grace")).failed();
    await (await b.admitLogin("10.0.0.2", "grace")).succeeded();
    expect(await clients[0].exists("pulse-auth-pair-failures:10.0.0.2/grace")).toBe(0);
  });

  it("shares the per-address attempt budget too", async () => {
    const [a, b] = clients.map((redis) => createAuthRateLimits({ redis, perIpPerMinute: 4 })) as [
      AuthRateLimits,
      AuthRateLimits,
    ];
    await a.admitSignup("10.0.3.1");
    await b.admitSignup("10.0.3.1");
    await a.admitLogin("10.0.3.1", "heidi");
    await b.admitLogin("10.0.3.1", "heidi");
    expect(await outcome(a.admitSignup("10.0.3.1"))).toBe("TOO_MANY_REQUESTS");
  });

  // Last: it stops the server.
  it("keeps limiting in memory, without waiting, while Redis is down", async () => {
    const limits = createAuthRateLimits({ redis: clients[0], perIpPerMinute: 2 });
    await server.stop();
    await vi.waitFor(() => expect(clients[0].status).not.toBe("ready"));
    const startedAt = performance.now();
    await limits.admitSignup("10.0.4.1");
    await (await limits.admitLogin("10.0.4.1", "ivan")).failed();
    expect(await outcome(limits.admitSignup("10.0.4.1"))).toBe("TOO_MANY_REQUESTS");
    expect(performance.now() - startedAt).toBeLessThan(500);
  });
});
