import { randomBytes, randomUUID } from "node:crypto";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createBullmqJobQueue } from "./bullmq-job-queue";
import { feedFanoutJob, type RetryPolicy } from "./definitions";
import { createInProcessJobQueue } from "./in-process-job-queue";
import type { JobContext, JobLogger, JobQueue, JobWorkers, Processors } from "./job-queue";

type Runner = "in-process" | "bullmq";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

/** Records what the processors were called with; `fail` decides whether a run throws. */
function recorder(fail: (jobId: string, attempt: number) => boolean = () => false) {
  const runs: Array<{ name: string; payload: unknown; context: JobContext }> = [];
  const processor = (name: string) => async (payload: unknown, context: JobContext) => {
    runs.push({ name, payload, context });
    if (fail(context.jobId, context.attempt)) throw new Error(`planned failure of ${context.jobId}`);
  };
  const processors: Processors = {
    "feed.fanout": processor("feed.fanout"),
    "trending.compute": processor("trending.compute"),
    "match.compute": processor("match.compute"),
  };
  return { runs, processors };
}

function memoryLogger() {
  const lines: string[] = [];
  const logger: JobLogger = {
    warn: (_object, message) => lines.push(message),
    error: (_object, message) => lines.push(message),
  };
  return { lines, logger };
}

describe.each<Runner>(["in-process", "bullmq"])("JobQueue (%s)", (runner) => {
  const open: Array<{ close(): Promise<void> }> = [];
  function createQueue(retry: RetryPolicy = { attempts: 3, backoffMs: 10 }, logger?: JobLogger): JobQueue {
    const queue =
      runner === "bullmq"
        ? createBullmqJobQueue({ redisUrl: redis.url, prefix: `test-${randomBytes(6).toString("hex")}`, retry, logger })
        : createInProcessJobQueue({ retry, ...(logger ? { logger } : {}) });
    open.push(queue);
    return queue;
  }
  async function work(queue: JobQueue, processors: Processors): Promise<JobWorkers> {
    const workers = await queue.work(processors, { concurrency: 2, closeTimeoutMs: 2_000 });
    open.unshift(workers);
    return workers;
  }
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });

  it("runs a job once per id, however often it is enqueued", async () => {
    const queue = createQueue();
    const { runs, processors } = recorder();
    const job = feedFanoutJob(randomUUID());
    await queue.enqueue([job, job]);
    await queue.enqueue([job]);
    await work(queue, processors);
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    // Enqueued again after it completed (a relay retried after a crash): still a no-op.
    const other = feedFanoutJob(randomUUID());
    await queue.enqueue([job, other]);
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    expect(runs.map((run) => run.context.jobId)).toEqual([job.jobId, other.jobId]);
    expect(runs[0]).toMatchObject({ name: "feed.fanout", payload: job.payload, context: { attempt: 1 } });
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const queue = createQueue({ attempts: 5, backoffMs: 10 });
    const { runs, processors } = recorder((_jobId, attempt) => attempt < 3);
    await work(queue, processors);
    const job = feedFanoutJob(randomUUID());
    await queue.enqueue([job]);
    await vi.waitFor(() => expect(runs).toHaveLength(3));
    expect(runs.map((run) => run.context.attempt)).toEqual([1, 2, 3]);
  });

  it("gives up after the configured attempts", async () => {
    const { lines, logger } = memoryLogger();
    const queue = createQueue({ attempts: 3, backoffMs: 10 }, logger);
    const { runs, processors } = recorder(() => true);
    await work(queue, processors);
    await queue.enqueue([feedFanoutJob(randomUUID())]);
    await vi.waitFor(() => expect(lines).toContain("job gave up"));
    expect(runs.map((run) => run.context.attempt)).toEqual([1, 2, 3]);
  });

  it("refuses a payload that does not fit its schema, queueing nothing of the batch", async () => {
    const queue = createQueue();
    const { runs, processors } = recorder();
    const good = feedFanoutJob(randomUUID());
    await expect(
      queue.enqueue([good, { name: "feed.fanout", payload: { tweetId: "not-a-uuid" }, jobId: "bad" }]),
    ).rejects.toThrow(/uuid/i);
    await work(queue, processors);
    await queue.enqueue([feedFanoutJob(randomUUID())]);
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]?.context.jobId).not.toBe(good.jobId);
  });

  it("runs a scheduled job once per slot, with the slot as scheduledAt", async () => {
    const queue = createQueue();
    const { runs, processors } = recorder();
    await work(queue, processors);
    await queue.schedule("trending.compute", {}, 100);
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(3));
    const slots = runs.map((run) => run.context.scheduledAt);
    expect(slots.every((slot) => typeof slot === "number")).toBe(true);
    expect(new Set(slots).size).toBe(slots.length);
  });
});

describe("BullMQ specifics", () => {
  it("computes a scheduled job once per cluster: two schedulers, two workers, one run per slot", async () => {
    const prefix = `test-${randomBytes(6).toString("hex")}`;
    const queues = [0, 1].map(() => createBullmqJobQueue({ redisUrl: redis.url, prefix }));
    const counts = [0, 0];
    const slots: number[] = [];
    const workers = await Promise.all(
      queues.map((queue, index) => {
        const { processors } = recorder();
        return queue.work(
          {
            ...processors,
            "trending.compute": async (_payload, context) => {
              counts[index] = (counts[index] ?? 0) + 1;
              slots.push(context.scheduledAt ?? -1);
            },
          },
          { concurrency: 4 },
        );
      }),
    );
    try {
      // Every worker process upserts the scheduler at start: the same id, so still one scheduler.
      for (const queue of queues) await queue.schedule("trending.compute", {}, 150);
      await vi.waitFor(() => expect(slots.length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    } finally {
      for (const worker of workers) await worker.close();
      for (const queue of queues) await queue.close();
    }
    expect(slots.every((slot) => slot > 0)).toBe(true);
    expect(new Set(slots).size).toBe(slots.length);
    expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(slots.length);
  });

  it("fails fast while Redis is away, works again after it is back, and closes workers within the hard timeout", async () => {
    const server = await startRedisServer();
    const queue = createBullmqJobQueue({ redisUrl: server.url, prefix: "fail-fast" });
    const { runs, processors } = recorder();
    const workers = await queue.work(processors, { closeTimeoutMs: 500 });
    try {
      await vi.waitFor(() => queue.enqueue([feedFanoutJob(randomUUID())]));
      await vi.waitFor(() => expect(runs).toHaveLength(1));
      await server.kill();
      await expect(queue.enqueue([feedFanoutJob(randomUUID())])).rejects.toThrow(/Redis/);
      await server.restart();
      const again = feedFanoutJob(randomUUID());
      await vi.waitFor(() => queue.enqueue([again]), { timeout: 10_000 });
      await vi.waitFor(() => expect(runs.map((run) => run.context.jobId)).toContain(again.jobId), { timeout: 10_000 });
      await server.kill();
      // BullMQ's own close would wait for Redis forever; ours gives up after closeTimeoutMs.
      await workers.close();
    } finally {
      await workers.close();
      await queue.close();
      await server.stop();
    }
  });
});
