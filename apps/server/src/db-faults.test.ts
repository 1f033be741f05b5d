import { randomBytes } from "node:crypto";
import type { AppRouter } from "@pulse/api";
import { createPulseClient, type PulseClient } from "@pulse/client";
import { loadTestEnv } from "@pulse/config";
import { testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from "@trpc/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { type PgFaultProxy, startPgFaultProxy } from "./pg-fault-proxy";
import {
  type RunningProcess,
  readTrpcBody,
  runFromRepoRoot,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from "./testing";

const clusterable = (await testDrivers()).includes("postgres");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Milliseconds until `condition` held, or undefined when it did not within `timeoutMs`. */
async function pollUntil(condition: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return undefined;
    await sleep(100);
  }
  return Date.now() - started;
}
const errorCode = (error: unknown) =>
  error instanceof TRPCClientError ? String(error.data?.code ?? error.message) : String(error);

/**
 * PostgreSQL taking Pulse's connections away (pg_terminate_backend, resets, refused connections) while a real
 * server process and a real worker process run against it, through a TCP proxy the test controls.
 */
describe.runIf(clusterable)("PostgreSQL faults on real server and worker processes", () => {
  const dbName = `pulse_faults_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: loadTestEnv().TEST_PG_ADMIN_URL });
  let redis: RedisServer;
  let proxy: PgFaultProxy;
  let server: ServerProcess;
  let worker: RunningProcess;
  const clients: PulseClient[] = [];
  let members = 0;

  const alive = () => ({ server: server.child.exitCode === null, worker: worker.child.exitCode === null });
  const client = (token?: string) => {
    const created = createPulseClient({ url: server.url, retryDelayMs: () => 300, ...(token ? { token } : {}) });
    clients.push(created);
    return created;
  };
  const member = async () => {
    const { token, user } = await client().trpc.auth.signup.mutate({
      username: `fault${++members}_${process.pid}`,
      password: "correct horse battery",
    });
    return { token, user, api: client(token).trpc };
  };
  /** Ends every connection Pulse holds to its database (the admin connection lives in another database). */
  const terminate = async (where = "true") => {
    const { rowCount } = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and ${where}`,
      [dbName],
    );
    return rowCount ?? 0;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(loadTestEnv().TEST_PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    proxy = await startPgFaultProxy(url.toString());
    const env = {
      DATABASE_URL: proxy.url,
      REDIS_URL: redis.url,
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      // Every request asks the database, so that an outage reaches the session lookup at once.
      SESSION_CACHE_MS: "0",
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
      JOB_BACKOFF_MS: "200",
    };
    server = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], env);
    worker = runFromRepoRoot(["node", "--import", "tsx", "apps/worker/src/main.ts"], { ...env, LOG_LEVEL: "info" });
    await vi.waitFor(() => expect(worker.stdout()).toContain('"msg":"worker started"'), { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    for (const opened of clients) opened.close();
    if (worker) await stopServerProcess(worker);
    if (server) await stopServerProcess(server);
    await proxy?.close();
    await redis?.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  });

  it("terminated connections — mid-request, mid-job, idle in transaction — kill neither process", async () => {
    const alice = await member();
    const bob = await member();
    await bob.api.user.follow.mutate({ userId: alice.user.id });

    // Load on both processes: tweets (server transactions + outbox) fan out to bob's feed (worker jobs).
    let loading = true;
    const outcomes = { ok: 0, failed: 0 };
    const failures: Record<string, number> = {};
    const load = (async () => {
      for (let n = 0; loading; n++) {
        const results = await Promise.allSettled([
          alice.api.tweet.create.mutate({ content: `load ${n}` }),
          bob.api.feed.list.query({}),
          bob.api.notification.unreadCount.query(),
        ]);
        for (const result of results) {
          outcomes[result.status === "fulfilled" ? "ok" : "failed"] += 1;
          if (result.status === "rejected") {
            const code = errorCode(result.reason);
            failures[code] = (failures[code] ?? 0) + 1;
          }
        }
      }
    })();

    let terminations = 0;
    let backendsEnded = 0;
    let idleInTransaction = 0;
    const firstExit: { server?: number; worker?: number } = {};
    for (let round = 0; round < 12; round++) {
      backendsEnded += await terminate();
      terminations += 1;
      // Then, for a while, every connection caught idle inside a transaction (checked out of the pool).
      const until = Date.now() + 600;
      while (Date.now() < until) {
        idleInTransaction += await terminate("state like 'idle in transaction%'");
        await sleep(10);
      }
      if (!alive().server) firstExit.server ??= terminations;
      if (!alive().worker) firstExit.worker ??= terminations;
    }
    // The load goes on over the just-terminated connections until two of its rounds (three calls each) have
    // settled after the last termination: counted, not timed, so a slow machine waits longer, not less.
    const settledAtLastFault = outcomes.ok + outcomes.failed;
    await vi.waitFor(() => expect(outcomes.ok + outcomes.failed).toBeGreaterThanOrEqual(settledAtLastFault + 6), {
      timeout: 30_000,
      interval: 50,
    });
    loading = false;
    await load;
    console.info("terminations", {
      terminations,
      backendsEnded,
      idleInTransaction,
      outcomes,
      failures,
      alive: alive(),
      firstExit,
    });
    expect(alive()).toEqual({ server: true, worker: true });
    // A lost connection fails only the requests that were using it, and as a retryable 503, never a 500.
    expect(Object.keys(failures).filter((code) => code !== "SERVICE_UNAVAILABLE")).toEqual([]);

    // Both recover by themselves: a new tweet is written by the server and fanned out to bob's feed by the worker.
    const started = Date.now();
    const content = `after the storm ${Date.now()}`;
    await vi.waitFor(() => alice.api.tweet.create.mutate({ content }), { timeout: 30_000, interval: 250 });
    await vi
      .waitFor(
        async () => {
          const feed = await bob.api.feed.list.query({});
          expect(feed.items.map((item) => item.tweet.content)).toContain(content);
        },
        { timeout: 30_000, interval: 250 },
      )
      .catch((error: unknown) => {
        console.error("worker output ends:", worker.stdout().slice(-6_000), worker.stderr().slice(-2_000));
        throw error;
      });
    console.info("recovered after terminations in", Date.now() - started, "ms");
    expect(alive()).toEqual({ server: true, worker: true });
  }, 90_000);
  it("a database outage: valid tokens get 503, never UNAUTHORIZED; a socket opened during it authenticates after", async () => {
    const carol = await member();
    const dave = await member();
    const statuses: Record<string, number> = {};
    const tally = async (response: Response) => {
      const body = await readTrpcBody<unknown>(response);
      const key = `${response.status} ${body.error?.data.code ?? "OK"}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      return response.status;
    };
    const headers = { authorization: `Bearer ${carol.token}`, "content-type": "application/json" };
    const me = async () => tally(await fetch(`${server.url}/trpc/auth.me`, { headers }));
    const post = async (content: string) =>
      tally(
        await fetch(`${server.url}/trpc/tweet.create`, { method: "POST", headers, body: JSON.stringify({ content }) }),
      );

    proxy.setMode("down");
    // A socket that connects (and subscribes) while the database is away: tRPC's own client, reconnecting fast.
    const closes: number[] = [];
    const wsClient = createWSClient({
      url: `${server.url.replace(/^http/, "ws")}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token: carol.token },
      retryDelayMs: () => 500,
      onClose: (cause) => closes.push(cause?.code ?? 0),
    });
    const received: string[] = [];
    const subscriptionErrors: string[] = [];
    createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] }).notification.onNew.subscribe(
      { lastEventId: "0" },
      {
        onData: ({ data }) => received.push(data.type === "event" ? data.event.kind : data.type),
        onError: (error) => subscriptionErrors.push(errorCode(error)),
      },
    );
    const outageEnds = Date.now() + 7_000;
    for (let n = 0; Date.now() < outageEnds; n++) {
      await Promise.all([me(), post(`during the outage ${n}`)]);
      await sleep(250);
    }
    const duringOutage = { ...statuses };
    proxy.setMode("pass");
    const restored = Date.now();
    await vi.waitFor(async () => expect(await me()).toBe(200), { timeout: 30_000, interval: 100 });
    const recoveryMs = Date.now() - restored;

    // The socket opened during the outage is carol's: a FOLLOW after the outage reaches it.
    await vi.waitFor(() => dave.api.user.follow.mutate({ userId: carol.user.id }), { timeout: 20_000 });
    const followSeenAfterMs = await pollUntil(() => received.includes("FOLLOW"), 20_000);
    const serverCloses = [...closes];
    await wsClient.close();
    console.info("outage", {
      duringOutage,
      recoveryMs,
      followSeenAfterMs,
      serverCloses,
      subscriptionErrors: subscriptionErrors.length,
      received,
    });
    expect(received).toContain("FOLLOW");
    expect(await post("after the outage")).toBe(200);

    expect(Object.keys(duringOutage).filter((key) => !key.startsWith("503"))).toEqual([]);
    expect(duringOutage["503 SERVICE_UNAVAILABLE"]).toBeGreaterThan(0);
    expect(subscriptionErrors).toEqual([]);
    // Told to come back soon (1013), never cut as unauthenticated (4002).
    expect(serverCloses.filter((code) => code !== 1013)).toEqual([]);
    expect(alive()).toEqual({ server: true, worker: true });
  }, 90_000);
  it("a stalled database then reset connections: both processes stay up and serve again", async () => {
    const erin = await member();
    const headers = { authorization: `Bearer ${erin.token}` };
    proxy.setMode("stall");
    // Requests pile up on frozen connections (and on connects that time out) for a while, then every one is reset.
    const stalled = Array.from({ length: 6 }, () =>
      fetch(`${server.url}/trpc/auth.me`, { headers }).then((response) => response.status),
    );
    await sleep(8_000);
    proxy.setMode("down");
    await sleep(500);
    proxy.setMode("pass");
    const restored = Date.now();
    const statuses = await Promise.all(stalled);
    await vi.waitFor(async () => expect((await fetch(`${server.url}/trpc/auth.me`, { headers })).status).toBe(200), {
      timeout: 30_000,
      interval: 100,
    });
    console.info("stall then reset", { statuses, recoveryMs: Date.now() - restored, alive: alive() });
    expect(statuses.filter((status) => status !== 503 && status !== 200)).toEqual([]);
    expect(alive()).toEqual({ server: true, worker: true });
  }, 60_000);
});
