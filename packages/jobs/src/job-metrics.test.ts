import { randomBytes, randomUUID } from "node:crypto";
import { createTestDatabase, testDrivers } from "@pulse/db/testing";
import type { JobOutcome } from "@pulse/metrics";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBullmqJobQueue } from "./bullmq-job-queue";
import { feedFanoutJob } from "./definitions";
import { createInProcessJobQueue } from "./in-process-job-queue";
import { outboxBacklog, timedProcessors } from "./job-metrics";
import type { JobQueue, Processors } from "./job-queue";
import { writeOutbox } from "./outbox";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

describe.each(["in-process", "bullmq"] as const)("job metrics (%s)", (runner) => {
  it("times every run by outcome and reports queue depths", async () => {
    const queue: JobQueue =
      runner === "bullmq"
        ? createBullmqJobQueue({ redisUrl: redis.url, prefix: `test-${randomBytes(6).toString("hex")}` })
        : createInProcessJobQueue();
    const finished: Array<{ queue: string; outcome: JobOutcome }> = [];
    const metrics = { jobFinished: (name: string, outcome: JobOutcome) => finished.push({ queue: name, outcome }) };
    let fail = true;
    const processors: Processors = {
      "feed.fanout": async () => {
        if (fail) throw new Error("planned failure");
      },
      "trending.compute": async () => {},
      "match.compute": async () => {},
    };
    const job = feedFanoutJob(randomUUID());
    await queue.enqueue([job]);
    expect((await queue.depths())["feed.fanout"].waiting).toBe(1);
    const workers = await queue.work(timedProcessors(processors, metrics), { concurrency: 1, closeTimeoutMs: 2_000 });
    try {
      await vi.waitFor(() => expect(finished).toContainEqual({ queue: "feed.fanout", outcome: "failed" }), {
        timeout: 10_000,
      });
      fail = false;
      await vi.waitFor(() => expect(finished).toContainEqual({ queue: "feed.fanout", outcome: "completed" }), {
        timeout: 10_000,
      });
      expect(Object.keys(await queue.depths()).sort()).toEqual(["feed.fanout", "match.compute", "trending.compute"]);
    } finally {
      await workers.close();
      await queue.close();
    }
  });
});

describe.each(await testDrivers())("outbox backlog on %s", (driver) => {
  it("counts rows whose effect is not committed and the age of the oldest", async () => {
    const database = await createTestDatabase(driver);
    try {
      const source = outboxBacklog(database.db);
      expect(await source.backlog()).toEqual({ rows: 0, oldestAgeSeconds: 0 });
      await database.db.transaction(async (tx) => {
        await writeOutbox(tx, feedFanoutJob(randomUUID()));
        await writeOutbox(tx, feedFanoutJob(randomUUID()));
      });
      const backlog = await source.backlog();
      expect(backlog.rows).toBe(2);
      expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      await database.close();
    }
  });
});
