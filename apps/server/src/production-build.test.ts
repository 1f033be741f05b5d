import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { get, type IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync } from "node:zlib";
import { count, users } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Issue 11, item 5: the production path, from a clean copy of the repository, without Docker. The same steps the
 * Dockerfile runs (scripts/build-production.sh: npm ci, build, prune), then only `node` on the compiled output:
 * a migration step, servers and workers with MIGRATE_ON_START=false, a graceful SIGTERM. Prints the wall time of each
 * step, start times and idle memory (the README's operating numbers come from here).
 */

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const hasPostgres = (await testDrivers()).includes("postgres");
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Only what a production process would get: no vitest variables (NODE_ENV=test, fast password hashing). */
function productionEnv(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/" };
  return { ...base, NODE_ENV: "production", LOG_LEVEL: "info", ...extra };
}

const timings: Array<[string, number]> = [];
function record(step: string, ms: number): void {
  timings.push([step, Math.round(ms)]);
  console.log(`production build: ${step} ${Math.round(ms)} ms`);
}

/** The repository as a fresh clone would have it, plus uncommitted work (so this runs before a commit too). */
async function copyRepository(to: string): Promise<void> {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = listed.split("\0").filter((path) => path && !path.startsWith(".scratch/"));
  for (const path of files) {
    // Listed but deleted in the working tree: a clone after the commit would not have it either.
    if (!existsSync(join(repoRoot, path))) continue;
    await mkdir(dirname(join(to, path)), { recursive: true });
    await cp(join(repoRoot, path), join(to, path));
  }
}

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function start(command: string, args: string[], cwd: string, env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs a command to completion; a non-zero exit fails with the end of its output. */
async function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  const started = start(command, args, cwd, env);
  const code = await started.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${started.output().slice(-6_000)}`);
  return started.output();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Milliseconds from now until `/readyz` answers 200 (the process may still be starting, or refusing). */
async function untilReady(url: string, process: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) throw new Error(`exited during start:\n${process.output().slice(-6_000)}`);
    const status = await fetch(`${url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${process.output().slice(-6_000)}`);
}

async function untilLogged(process: Started, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!process.output().includes(text)) {
    if (process.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`never logged ${text}:\n${process.output().slice(-6_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resident memory of a process, from the kernel (Linux). */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1]);
  return Math.round((kib / 1024) * 10) / 10;
}

/** SIGTERM, as a container runtime sends it; the exit code and how long the process took to go. */
async function terminate(process: Started): Promise<{ code: number | null; ms: number }> {
  const sent = performance.now();
  process.child.kill("SIGTERM");
  const code = await process.exited;
  return { code, ms: performance.now() - sent };
}

async function trpcPost<T>(url: string, path: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed (${response.status}): ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe.skipIf(!hasPostgres)("the production build from a clean copy (no Docker, no dev tools at run time)", () => {
  let copy: string;
  let redis: RedisServer | undefined;
  let database: TestDatabase | undefined;
  const running: Started[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "pulse-production-"));
    let started = performance.now();
    await copyRepository(copy);
    record("copy tracked files", performance.now() - started);

    // One script for the Dockerfile and this test; each step announces itself, which is what gets timed.
    started = performance.now();
    let step = "";
    const build = start("sh", ["scripts/build-production.sh"], copy, {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/",
      // The local npm cache first: CI machines have it warm from the repository's own `npm ci`.
      npm_config_prefer_offline: "true",
    });
    build.child.stdout?.on("data", (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/^production-build: (\S+)$/gm)) {
        const now = performance.now();
        if (step) record(step, now - started);
        step = match[1] as string;
        started = now;
      }
    });
    const code = await build.exited;
    if (code !== 0) throw new Error(`build-production.sh exited ${code}:\n${build.output().slice(-8_000)}`);
  }, 900_000);

  afterAll(async () => {
    for (const process of running) if (process.child.exitCode === null) process.child.kill("SIGKILL");
    await redis?.stop();
    await database?.close();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    if (copy) await rm(copy, { recursive: true, force: true });
    console.log(`production build timings (ms): ${JSON.stringify(Object.fromEntries(timings))}`);
  });

  it("leaves no dev tools behind after the prune", () => {
    for (const tool of ["tsx", "turbo", "vitest", "tsc", "vite", "esbuild", "biome"]) {
      expect(existsSync(join(copy, "node_modules/.bin", tool)), `node_modules/.bin/${tool}`).toBe(false);
    }
    for (const pkg of ["tsx", "turbo", "vitest", "typescript", "esbuild", "vite"]) {
      expect(existsSync(join(copy, "node_modules", pkg)), `node_modules/${pkg}`).toBe(false);
    }
    for (const file of ["apps/server/dist/main.js", "apps/server/dist/migrate.js", "apps/worker/dist/main.js"]) {
      expect(existsSync(join(copy, file)), file).toBe(true);
    }
    expect(existsSync(join(copy, "apps/server/dist/migrations/meta/_journal.json"))).toBe(true);
    expect(existsSync(join(copy, "apps/web/dist/index.html.br"))).toBe(true);
  });

  it("migrates, serves and works in distributed mode, and stops on SIGTERM with exit 0", async () => {
    redis = await startRedisServer();
    database = await createTestDatabase("postgres", { migrate: false });
    const shared = {
      DATABASE_URL: database.url as string,
      REDIS_URL: redis.url,
      MIGRATE_ON_START: "false",
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };

    let started = performance.now();
    const migrated = await run("node", ["apps/server/dist/migrate.js"], copy, productionEnv(shared));
    record("node apps/server/dist/migrate.js (fresh PostgreSQL)", performance.now() - started);
    expect(migrated).toContain('"msg":"database migrated"');

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    started = performance.now();
    const server = start(
      "node",
      ["apps/server/dist/main.js"],
      copy,
      productionEnv({ ...shared, PORT: String(port), HOST: "127.0.0.1" }),
    );
    running.push(server);
    const worker = start(
      "node",
      ["apps/worker/dist/main.js"],
      copy,
      productionEnv({ ...shared, WORKER_METRICS_PORT: "0" }),
    );
    running.push(worker);
    await untilReady(url, server, 60_000);
    record("server start, distributed (spawn → /readyz 200)", performance.now() - started);
    await untilLogged(worker, '"msg":"worker started"', 60_000);
    // Idle: started, no client yet; a moment for the start's garbage to be collected.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pid = server.child.pid as number;
    console.log(`production build: server idle RSS after start (distributed) ${await rssMiB(pid)} MiB`);
    console.log(`production build: worker idle RSS after start ${await rssMiB(worker.child.pid as number)} MiB`);
    expect(server.output()).not.toContain("database migrated");
    expect(server.output()).not.toContain("Demo login");

    const { token } = await trpcPost<{ token: string }>(url, "auth.signup", {
      username: "operator",
      password: "a long production password",
    });
    const tweet = await trpcPost<{ id: string; content: string }>(
      url,
      "tweet.create",
      { content: "compiled, migrated, served #ops" },
      token,
    );
    expect(tweet.content).toBe("compiled, migrated, served #ops");

    const page = await rawGet(`${url}/`, { "accept-encoding": "br, gzip" });
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(page.body).toString()).toContain('<div id="root">');
    const script = brotliDecompressSync(page.body)
      .toString()
      .match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    const asset = await rawGet(`${url}${script}`, { "accept-encoding": "br" });
    expect(asset.headers["content-encoding"]).toBe("br");
    expect(asset.headers["cache-control"]).toContain("immutable");

    const [serverStop, workerStop] = await Promise.all([terminate(server), terminate(worker)]);
    record("server SIGTERM → exit", serverStop.ms);
    record("worker SIGTERM → exit", workerStop.ms);
    expect(serverStop.code).toBe(0);
    expect(workerStop.code).toBe(0);
    expect(serverStop.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(workerStop.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(worker.output()).toContain('"msg":"worker stopped"');

    // Distributed mode seeds nothing by default: the one account is the one signed up above.
    const [row] = await database.db.select({ n: count() }).from(users);
    expect(row?.n).toBe(1);
  }, 180_000);

  it("starts embedded on a fresh data dir, then again on the same data without seeding or hashing again", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "pulse-production-data-"));
    dataDirs.push(dataDir);
    const startEmbedded = async (label: string) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const started = performance.now();
      const server = start(
        "node",
        ["apps/server/dist/main.js"],
        copy,
        productionEnv({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }),
      );
      running.push(server);
      await untilReady(url, server, 240_000);
      record(`server start, embedded, ${label} (spawn → /readyz 200)`, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      console.log(
        `production build: server idle RSS after start (embedded, ${label}) ${await rssMiB(server.child.pid as number)} MiB`,
      );
      const stopped = await terminate(server);
      expect(stopped.code).toBe(0);
      return server.output();
    };

    const first = await startEmbedded("fresh data dir");
    expect(first).toContain('"msg":"seeded the demo community"');
    const second = await startEmbedded("existing data");
    expect(second).not.toContain("seeded the demo community");
  }, 600_000);
});
