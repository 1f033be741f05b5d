import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type ConfigInput, parseConfig } from "@pulse/config";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type PulseServer, startPulseServer } from "./app";
import { scrape, seriesValue } from "./metrics-scrape";
import { type PgFaultProxy, startPgFaultProxy } from "./pg-fault-proxy";
import { type RunningProcess, runFromRepoRoot, stopServerProcess } from "./testing";

const hasPostgres = (await testDrivers()).includes("postgres");
const READINESS_TIMEOUT_MS = 1_000;
const waitLong = { timeout: 20_000, interval: 100 };

type ReadyBody = {
  status: string;
  failing?: string[];
  reasons?: string[];
  checks?: Record<string, { ok: boolean; latencyMs?: number; error?: string; failingSince?: string }>;
};

/**
 * GET /readyz. The abort is a hang detector, not a speed assertion: far above READINESS_TIMEOUT_MS, far below the
 * 15 s statement timeout a stalled `select 1` used to wait for.
 */
async function readyz(url: string): Promise<{ status: number; body: ReadyBody; text: string }> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(READINESS_TIMEOUT_MS + 5_000) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as ReadyBody, text };
}

/** A Pulse server in this process whose log lines the test can read. */
async function startLoggedServer(env: { [K in keyof ConfigInput]?: string }) {
  const dataDir = await mkdtemp(join(tmpdir(), "pulse-readiness-"));
  const lines: Array<{ msg?: string; dependency?: string; since?: string; error?: string; downForMs?: number }> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "info",
    READINESS_TIMEOUT_MS: String(READINESS_TIMEOUT_MS),
    ...env,
  });
  const server = await startPulseServer({ config, logger: pino({ level: "info" }, sink) });
  return {
    server,
    lines,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe.runIf(hasPostgres)(
  "/readyz through dependency outages (real redis-server, PostgreSQL through a fault proxy)",
  () => {
    let redis: RedisServer;
    let database: TestDatabase;
    let proxy: PgFaultProxy;
    let logged: Awaited<ReturnType<typeof startLoggedServer>>;
    let server: PulseServer;

    beforeAll(async () => {
      redis = await startRedisServer();
      database = await createTestDatabase("postgres", { migrate: false });
      proxy = await startPgFaultProxy(database.url as string);
      logged = await startLoggedServer({ DATABASE_URL: proxy.url, REDIS_URL: redis.url });
      server = logged.server;
    }, 60_000);
    afterEach(() => proxy.setMode("pass"));
    afterAll(async () => {
      await logged?.close();
      await proxy?.close();
      await redis?.stop();
      await database?.close();
    });

    it("is ready with both checks and their latencies", async () => {
      const { status, body } = await readyz(server.url);
      expect(status).toBe(200);
      expect(body.status).toBe("ready");
      expect(body.checks?.postgres).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
      expect(body.checks?.redis).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    });

    it("names Redis while it is killed, logs the outage once, and is ready again after the restart", async () => {
      await redis.kill();
      await vi.waitFor(async () => {
        const { status, body } = await readyz(server.url);
        expect(status).toBe(503);
        expect(body).toMatchObject({ status: "unavailable", failing: ["redis"] });
        expect(body.checks?.redis).toMatchObject({ ok: false, error: expect.any(String) });
        expect(Number.isNaN(Date.parse(body.checks?.redis?.failingSince ?? ""))).toBe(false);
      }, waitLong);
      const metrics = await scrape(server.url);
      expect(seriesValue(metrics, 'pulse_dependency_up{dependency="redis"}')).toBe(0);
      expect(seriesValue(metrics, 'pulse_dependency_failing_since_seconds{dependency="redis"}')).toBeGreaterThan(0);
      expect(seriesValue(metrics, 'pulse_dependency_up{dependency="postgres"}')).toBe(1);
      // The background checks keep failing; the transition is logged once.
      await vi.waitFor(() => {
        const failing = logged.lines.filter((line) => line.msg === "dependency failing");
        expect(failing).toHaveLength(1);
        expect(failing[0]).toMatchObject({ dependency: "redis", since: expect.any(String), error: expect.any(String) });
      }, waitLong);

      await redis.restart();
      await vi.waitFor(async () => {
        const { status, body } = await readyz(server.url);
        expect(status).toBe(200);
        expect(body.status).toBe("ready");
      }, waitLong);
      await vi.waitFor(() => {
        const recovered = logged.lines.filter((line) => line.msg === "dependency recovered");
        expect(recovered).toEqual([expect.objectContaining({ dependency: "redis", downForMs: expect.any(Number) })]);
      }, waitLong);
      expect(seriesValue(await scrape(server.url), "pulse_bus_subscriber_reconnects_total")).toBeGreaterThanOrEqual(1);
    });

    it("answers within the readiness timeout, naming PostgreSQL, when PostgreSQL stalls", async () => {
      proxy.setMode("stall");
      const { status, body, text } = await readyz(server.url);
      expect(status).toBe(503);
      expect(body.failing).toEqual(["postgres"]);
      expect(body.checks?.postgres).toMatchObject({ ok: false, error: `timeout after ${READINESS_TIMEOUT_MS} ms` });
      expect(text).not.toMatch(/select|postgres:\/\//i);
      proxy.setMode("pass");
      await vi.waitFor(async () => expect((await readyz(server.url)).status).toBe(200), waitLong);
    });

    it("names PostgreSQL when its connections are refused, without SQL or URLs in the body", async () => {
      proxy.setMode("down");
      await vi.waitFor(async () => {
        const { status, body, text } = await readyz(server.url);
        expect(status).toBe(503);
        expect(body.failing).toEqual(["postgres"]);
        expect(body.checks?.postgres?.ok).toBe(false);
        expect(text).not.toMatch(/select|postgres:\/\/|password/i);
      }, waitLong);
      proxy.setMode("pass");
      await vi.waitFor(async () => expect((await readyz(server.url)).status).toBe(200), waitLong);
    });

    it("says shutting down while it closes", async () => {
      const other = await startLoggedServer({ DATABASE_URL: proxy.url, REDIS_URL: redis.url });
      const closing = other.close();
      // The listener stops accepting during close; the monitor answers from its flag until then.
      expect(await other.server.monitor.readiness(true)).toEqual({
        statusCode: 503,
        body: { status: "shutting down" },
      });
      await closing;
    });
  },
);

describe.runIf(hasPostgres)("the standalone worker's own port (real worker process)", () => {
  let redis: RedisServer;
  let database: TestDatabase;
  let worker: RunningProcess;
  let opsUrl: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase("postgres", { migrate: false });
    worker = runFromRepoRoot(["node", "--import", "tsx", "apps/worker/src/main.ts"], {
      DATABASE_URL: database.url as string,
      REDIS_URL: redis.url,
      HOST: "127.0.0.1",
      WORKER_METRICS_PORT: "0",
      READINESS_TIMEOUT_MS: String(READINESS_TIMEOUT_MS),
      LOG_LEVEL: "info",
    });
    await vi.waitFor(
      () => {
        const match = worker.stdout().match(/"opsUrl":"(http:\/\/[^"]+)"/);
        if (!match?.[1]) throw new Error(`worker not started yet:\n${worker.stderr()}`);
        opsUrl = match[1];
      },
      { timeout: 60_000, interval: 100 },
    );
  }, 90_000);
  afterAll(async () => {
    if (worker) await stopServerProcess(worker);
    await redis?.stop();
    await database?.close();
  });

  it("serves /metrics, /healthz and /readyz, and names Redis while it is down", async () => {
    const metrics = await scrape(opsUrl);
    expect(metrics).toContain("# TYPE pulse_job_duration_seconds histogram");
    expect(metrics).toContain("# TYPE pulse_outbox_backlog gauge");
    expect(metrics).toContain('pulse_queue_jobs{queue="feed.fanout",state="waiting"}');
    expect((await fetch(`${opsUrl}/healthz`)).status).toBe(200);
    await vi.waitFor(async () => expect((await readyz(opsUrl)).body.status).toBe("ready"), waitLong);

    await redis.kill();
    await vi.waitFor(async () => {
      const { status, body } = await readyz(opsUrl);
      expect(status).toBe(503);
      expect(body.failing).toEqual(["redis"]);
    }, waitLong);
    await vi.waitFor(() => expect(worker.stdout()).toContain('"msg":"dependency failing"'), waitLong);
    await redis.restart();
    await vi.waitFor(async () => expect((await readyz(opsUrl)).status).toBe(200), waitLong);
    await vi.waitFor(() => expect(worker.stdout()).toContain('"msg":"dependency recovered"'), waitLong);
  });
});
