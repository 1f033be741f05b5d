import { createSession, type FeedEvent } from "@pulse/api/testing";
import { createPulseClient, type PulseClient } from "@pulse/client";
import { and, count, eq, feedEntries, follows, isNotNull, jobOutbox, users } from "@pulse/db";
import { createBullmqJobQueue, type JobRequest } from "@pulse/jobs";
import pg from "pg";
import { expect, vi } from "vitest";
import { startTestCluster, type TestCluster } from "./test-cluster";
import { type RunningProcess, runFromRepoRoot, stopServerProcess } from "./testing";

/**
 * Short job timings for the fault tests, shared by the servers and the workers: few quick retries (so a fault
 * exhausts them within a test), redelivery after 3 s, sweeps every 200 ms, a stalled job retaken after about 1 s.
 */
export const faultEnv = {
  JOB_ATTEMPTS: "2",
  JOB_BACKOFF_MS: "100",
  JOB_LOCK_MS: "1000",
  JOB_REDELIVER_AFTER_MS: "3000",
  OUTBOX_SWEEP_INTERVAL_MS: "200",
  TRENDING_INTERVAL_MS: "2000",
  FEED_FANOUT_BATCH_SIZE: "50",
  WS_MAX_ANONYMOUS_PER_IP: "1000",
};

export interface FaultCluster {
  cluster: TestCluster;
  /** A worker process (apps/worker/src/main.ts, or the fault worker given a fault); resolves once it takes jobs. */
  worker(options?: { env?: Record<string, string>; fault?: string }): Promise<RunningProcess>;
  close(): Promise<void>;
}

export async function startFaultCluster(env: Record<string, string> = {}): Promise<FaultCluster> {
  const cluster = await startTestCluster(1, { ...faultEnv, ...env });
  const workers: RunningProcess[] = [];
  return {
    cluster,
    async worker(options = {}) {
      const entry = options.fault
        ? ["apps/worker/src/testing/fault-worker.ts", options.fault]
        : ["apps/worker/src/main.ts"];
      const worker = runFromRepoRoot(["node", "--import", "tsx", ...entry], {
        DATABASE_URL: cluster.database.url ?? "",
        REDIS_URL: cluster.redis.url,
        NODE_ENV: "test",
        LOG_LEVEL: "info",
        ...faultEnv,
        ...env,
        ...options.env,
      });
      workers.push(worker);
      await vi.waitFor(() => expect(worker.stdout()).toContain('"msg":"worker started"'), { timeout: 30_000 });
      return worker;
    },
    async close() {
      for (const worker of workers) await stopServerProcess(worker);
      await cluster.close();
    },
  };
}

let seeded = 0;

/** `n` followers of `authorId`, written straight to the database (signing up thousands would take minutes). */
export async function seedFollowers(cluster: TestCluster, authorId: string, n: number): Promise<string[]> {
  const { db } = cluster.database;
  const ids: string[] = [];
  for (let start = 0; start < n; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, n - start) }, () => {
      const name = `f${++seeded}_${process.pid}_${Date.now().toString(36)}`;
      return { username: name, displayName: name, passwordHash: "unusable" };
    });
    const inserted = await db.insert(users).values(rows).returning({ id: users.id });
    await db.insert(follows).values(inserted.map((user) => ({ followerId: user.id, followeeId: authorId })));
    ids.push(...inserted.map((user) => user.id));
  }
  return ids;
}

/** Subscribes each user's feed.onNew (its own socket) and records the tweet ids of the live events it receives. */
export async function subscribeFeeds(cluster: TestCluster, userIds: string[]) {
  const received = new Map<string, string[]>();
  const ready = new Set<string>();
  const clients: PulseClient[] = [];
  for (const userId of userIds) {
    const { token } = await createSession(cluster.database.db, userId, 60 * 60 * 1000);
    const client = createPulseClient({ url: cluster.servers[0]?.url ?? "", token });
    clients.push(client);
    received.set(userId, []);
    client.trpc.feed.onNew.subscribe(
      { lastEventId: null },
      {
        onStarted: () => ready.add(userId),
        onData: ({ data }) => {
          if (data.type === "event") received.get(userId)?.push((data.event as FeedEvent).tweet.id);
        },
      },
    );
  }
  await vi.waitFor(() => expect(ready.size).toBe(userIds.length), { timeout: 30_000 });
  return {
    received,
    close: () => {
      for (const client of clients) client.close();
    },
  };
}

export async function feedRowsOf(cluster: TestCluster, tweetId: string): Promise<number> {
  const [row] = await cluster.database.db
    .select({ n: count() })
    .from(feedEntries)
    .where(eq(feedEntries.tweetId, tweetId));
  return row?.n ?? 0;
}

/**
 * A database outage for statements that write feed entries: holds an EXCLUSIVE lock on feed_entries and cancels
 * every statement that waits for it (as `pg_cancel_backend` during a failover would), for `ms`.
 */
export async function cancelFeedWritesFor(cluster: TestCluster, ms: number): Promise<number> {
  const url = cluster.database.url ?? "";
  const locker = new pg.Client({ connectionString: url });
  const canceller = new pg.Client({ connectionString: url });
  await locker.connect();
  await canceller.connect();
  let cancelled = 0;
  try {
    await locker.query("begin");
    await locker.query("lock table feed_entries in exclusive mode");
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const result = await canceller.query(
        `select pg_cancel_backend(pid) as ok from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
      );
      cancelled += result.rowCount ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await locker.query("rollback");
  } finally {
    await locker.end();
    await canceller.end();
  }
  return cancelled;
}

/**
 * Resolves once `job` is done for good: its outbox row is completed (so the sweep never redelivers it again) and
 * BullMQ holds no waiting, active or delayed run of its kind (a run whose worker was killed stays active until its
 * lock expires and it is retaken or failed). Every run of it has then returned, and with it every publish it made
 * was acknowledged by Redis: an event published after this reaches a subscriber after all of them. Tests use it,
 * followed by such a marker event, instead of sleeping "to give duplicates a chance".
 */
export async function jobSettled(cluster: TestCluster, job: JobRequest, timeoutMs = 30_000): Promise<void> {
  const { db } = cluster.database;
  await vi.waitFor(
    async () => {
      const [row] = await db
        .select({ jobId: jobOutbox.jobId })
        .from(jobOutbox)
        .where(and(eq(jobOutbox.jobId, job.jobId), isNotNull(jobOutbox.completedAt)));
      expect(row, `outbox row ${job.jobId} completed`).toEqual({ jobId: job.jobId });
    },
    { timeout: timeoutMs, interval: 100 },
  );
  const queue = createBullmqJobQueue({ redisUrl: cluster.redis.url });
  try {
    await vi.waitFor(
      async () => {
        const { waiting = 0, active = 0, delayed = 0 } = (await queue.depths())[job.name];
        expect({ waiting, active, delayed }, `runs of ${job.name} in BullMQ`).toEqual({
          waiting: 0,
          active: 0,
          delayed: 0,
        });
      },
      { timeout: timeoutMs, interval: 100 },
    );
  } finally {
    await queue.close();
  }
}

/** Polls `read` until `done` holds, returning how long it took. */
export async function timeUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) {
  const started = Date.now();
  let last: T | undefined;
  await vi
    .waitFor(
      async () => {
        last = await read();
        expect(done(last)).toBe(true);
      },
      { timeout: timeoutMs, interval: 100 },
    )
    .catch(() => {
      throw new Error(`not done within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
    });
  return { ms: Date.now() - started, value: last as T };
}
