import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import {
  count,
  type Database,
  desc,
  eq,
  feedEntries,
  follows,
  jobOutbox,
  trendingSnapshots,
  tweets,
  users,
} from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { createBullmqJobQueue, createInProcessJobQueue, feedFanoutJob, type JobQueue } from "@pulse/jobs";
import { createInProcessBus, type EventBus } from "@pulse/realtime";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { type PulseWorker, startWorker } from "@pulse/worker-runtime";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const drivers = await testDrivers();
const logger = pino({ level: "silent" });

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

/** Alice, a follower, and a tweet of alice's whose fan-out job sits in the outbox, never relayed (a lost fast path). */
async function tweetWithLostRelay(db: Database) {
  const suffix = randomBytes(4).toString("hex");
  const [alice, bob] = await db
    .insert(users)
    .values([
      { username: `alice${suffix}`, displayName: "Alice", passwordHash: "x" },
      { username: `bob${suffix}`, displayName: "Bob", passwordHash: "x" },
    ])
    .returning({ id: users.id });
  if (!alice || !bob) throw new Error("no users");
  await db.insert(follows).values({ followerId: bob.id, followeeId: alice.id });
  const [tweet] = await db
    .insert(tweets)
    .values({ authorId: alice.id, content: "hello #pulse", topics: ["pulse"] })
    .returning({ id: tweets.id });
  if (!tweet) throw new Error("no tweet");
  const job = feedFanoutJob(tweet.id);
  await db.insert(jobOutbox).values({ queue: job.name, jobId: job.jobId, payload: job.payload });
  return { aliceId: alice.id, bobId: bob.id, tweetId: tweet.id };
}

async function feedOf(db: Database, userId: string) {
  return db.select({ tweetId: feedEntries.tweetId }).from(feedEntries).where(eq(feedEntries.userId, userId));
}

const jobSettings = (queue: JobQueue, bus: EventBus) => ({
  queue,
  bus,
  concurrency: 2,
  trendingWindowMs: 60 * 60 * 1000,
  trendingIntervalMs: 150,
  outboxSweepIntervalMs: 20,
  closeTimeoutMs: 2_000,
});

describe.each(drivers)("startWorker on %s", (driver) => {
  let database: TestDatabase;
  let bus: EventBus;
  beforeEach(async () => {
    database = await createTestDatabase(driver);
    bus = createInProcessBus();
  });
  afterEach(async () => {
    await bus.close();
    await database.close();
  });

  it("embedded: the in-process queue fans out a job the sweep found, and computes trending", async () => {
    const queue = createInProcessJobQueue();
    const worker = await startWorker({ db: database.db, logger, jobs: jobSettings(queue, bus) });
    try {
      const { aliceId, bobId, tweetId } = await tweetWithLostRelay(database.db);
      await vi.waitFor(async () => {
        expect(await feedOf(database.db, aliceId)).toEqual([{ tweetId }]);
        expect(await feedOf(database.db, bobId)).toEqual([{ tweetId }]);
      });
      await vi.waitFor(async () => {
        const [snapshot] = await database.db
          .select()
          .from(trendingSnapshots)
          .orderBy(desc(trendingSnapshots.computedAt))
          .limit(1);
        expect(snapshot?.topics).toEqual([
          { topic: "pulse", tweetCount: 1, engagementScore: 0, growthRate: 1, previousCount: 0, trend: "new" },
        ]);
      });
      // The run counts once its outbox row is marked completed, a round trip after the feed rows are visible.
      await vi.waitFor(() => expect(worker.processed["feed.fanout"]).toBe(1));
    } finally {
      await worker.stop();
      await queue.close();
    }
  });

  it("distributed: two BullMQ workers compute trending once per interval and run each fan-out once", async () => {
    const prefix = `worker-${randomBytes(6).toString("hex")}`;
    const queues = [0, 1].map(() => createBullmqJobQueue({ redisUrl: redis.url, prefix }));
    const workers: PulseWorker[] = [];
    try {
      for (const queue of queues)
        workers.push(await startWorker({ db: database.db, logger, jobs: jobSettings(queue, bus) }));
      const { bobId, tweetId } = await tweetWithLostRelay(database.db);
      await vi.waitFor(async () => expect(await feedOf(database.db, bobId)).toEqual([{ tweetId }]), {
        timeout: 10_000,
      });
      await vi.waitFor(
        async () => {
          const [rows] = await database.db.select({ n: count() }).from(trendingSnapshots);
          expect(rows?.n).toBeGreaterThanOrEqual(3);
        },
        { timeout: 10_000 },
      );
    } finally {
      for (const worker of workers) await worker.stop();
      for (const queue of queues) await queue.close();
    }
    const [rows] = await database.db.select({ n: count() }).from(trendingSnapshots);
    const runs = workers.reduce((sum, worker) => sum + worker.processed["trending.compute"], 0);
    // Every run stored a row of its own slot: no interval was computed twice, by either worker.
    expect(runs).toBe(rows?.n);
    expect(workers.reduce((sum, worker) => sum + worker.processed["feed.fanout"], 0)).toBe(1);
  });
});

const postgresOnly = drivers.includes("postgres") ? describe : describe.skip;

postgresOnly("the worker process", () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await database.close();
  });

  it("runs the jobs against PostgreSQL and Redis, and exits 0 on SIGTERM", async () => {
    const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
    // Test harness only: the child inherits this environment plus the worker's settings.
    child = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        LOG_LEVEL: "silent",
        TRENDING_INTERVAL_MS: "200",
        OUTBOX_SWEEP_INTERVAL_MS: "50",
        SHUTDOWN_TIMEOUT_MS: "5000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const exited = once(child, "exit");
    const { bobId, tweetId } = await tweetWithLostRelay(database.db);
    await vi.waitFor(async () => expect(await feedOf(database.db, bobId)).toEqual([{ tweetId }]), {
      timeout: 60_000,
      interval: 200,
    });
    await vi.waitFor(
      async () => {
        const [rows] = await database.db.select({ n: count() }).from(trendingSnapshots);
        expect(rows?.n).toBeGreaterThanOrEqual(1);
      },
      { timeout: 30_000, interval: 200 },
    );
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code, output).toBe(0);
  }, 120_000);
});
