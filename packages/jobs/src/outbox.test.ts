import { randomUUID } from "node:crypto";
import { eq, isNull, jobOutbox } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deliveryId, feedFanoutJob, type JobRequest } from "./definitions";
import { createInProcessJobQueue, type InProcessJobQueue } from "./in-process-job-queue";
import type { JobQueue, JobWorkers } from "./job-queue";
import { relayOutbox, startOutboxSweep, writeOutbox } from "./outbox";
import { markOutboxCompleted } from "./outbox-completion";
import { redeliverOutbox } from "./outbox-redelivery";

const drivers = await testDrivers();

/** A queue that only records what it was handed (and can be told to fail, or to take its time). */
function recordingQueue(behaviour: { fail?: boolean; delayMs?: number } = {}) {
  const enqueued: JobRequest[] = [];
  const queue: JobQueue = {
    kind: "in-process",
    async enqueue(jobs) {
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (behaviour.fail) throw new Error("queue unreachable");
      enqueued.push(...jobs);
    },
    schedule: async () => {},
    isQueued: async () => false,
    depths: async () => ({ "feed.fanout": {}, "trending.compute": {}, "match.compute": {} }),
    work: async () => ({ close: async () => {} }),
    close: async () => {},
  };
  return { queue, enqueued };
}

describe.each(drivers)("outbox on %s", (driver) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(driver);
  });
  afterEach(() => database.close());

  const pending = () =>
    database.db.select({ jobId: jobOutbox.jobId }).from(jobOutbox).where(isNull(jobOutbox.enqueuedAt));

  it("writes the job only when the transaction commits, once per job id", async () => {
    const job = feedFanoutJob(randomUUID());
    await expect(
      database.db.transaction(async (tx) => {
        await writeOutbox(tx, job);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await pending()).toEqual([]);
    await database.db.transaction(async (tx) => {
      await writeOutbox(tx, job);
      await writeOutbox(tx, job);
    });
    expect(await pending()).toEqual([{ jobId: job.jobId }]);
  });

  it("relays the committed rows after the commit, marks them, and a second relay finds nothing", async () => {
    const { queue, enqueued } = recordingQueue();
    const mine = feedFanoutJob(randomUUID());
    const other = feedFanoutJob(randomUUID());
    await database.db.transaction(async (tx) => {
      await writeOutbox(tx, mine);
      await writeOutbox(tx, other);
    });
    // The fast path relays only its own rows.
    expect(await relayOutbox(database.db, queue, { jobIds: [mine.jobId] })).toBe(1);
    expect(enqueued).toEqual([mine]);
    expect(await relayOutbox(database.db, queue, { jobIds: [mine.jobId] })).toBe(0);
    expect(await relayOutbox(database.db, queue)).toBe(1);
    expect(await relayOutbox(database.db, queue)).toBe(0);
    expect(enqueued).toEqual([mine, other]);
    expect(await pending()).toEqual([]);
  });

  it("keeps rows pending when the queue is unreachable, and relays them once it is back", async () => {
    const job = feedFanoutJob(randomUUID());
    await database.db.transaction((tx) => writeOutbox(tx, job));
    await expect(relayOutbox(database.db, recordingQueue({ fail: true }).queue)).rejects.toThrow("unreachable");
    expect(await pending()).toEqual([{ jobId: job.jobId }]);
    const { queue, enqueued } = recordingQueue();
    expect(await relayOutbox(database.db, queue)).toBe(1);
    expect(enqueued).toEqual([job]);
  });

  it("drops a row no job understands instead of blocking the rows behind it", async () => {
    const job = feedFanoutJob(randomUUID());
    await database.db.insert(jobOutbox).values([
      { queue: "no.such.job", jobId: "junk-1", payload: {} },
      { queue: "feed.fanout", jobId: "junk-2", payload: { tweetId: 42 } },
      { queue: job.name, jobId: job.jobId, payload: job.payload },
    ]);
    const errors: string[] = [];
    const logger = { warn: () => {}, error: (_object: object, message: string) => errors.push(message) };
    const { queue, enqueued } = recordingQueue();
    expect(await relayOutbox(database.db, queue, { logger })).toBe(3);
    expect(enqueued).toEqual([job]);
    expect(errors).toHaveLength(2);
  });

  it("concurrent relays hand every row over exactly once (FOR UPDATE SKIP LOCKED)", async () => {
    const jobs = Array.from({ length: 30 }, () => feedFanoutJob(randomUUID()));
    await database.db.transaction(async (tx) => {
      for (const job of jobs) await writeOutbox(tx, job);
    });
    const { queue, enqueued } = recordingQueue({ delayMs: 20 });
    const relays = await Promise.all([0, 1, 2].map(() => relayOutbox(database.db, queue, { limit: 10 })));
    let total = relays.reduce((sum, count) => sum + count, 0);
    while (total < jobs.length) total += await relayOutbox(database.db, queue, { limit: 10 });
    expect(enqueued.map((job) => job.jobId).sort()).toEqual(jobs.map((job) => job.jobId).sort());
  });

  describe("the sweep", () => {
    let jobQueue: InProcessJobQueue;
    let workers: JobWorkers;
    const ran: string[] = [];
    beforeEach(async () => {
      ran.length = 0;
      jobQueue = createInProcessJobQueue({ retry: { attempts: 2, backoffMs: 10 } });
      workers = await jobQueue.work({
        "feed.fanout": async ({ tweetId }) => {
          ran.push(tweetId);
        },
        "trending.compute": async () => {},
        "match.compute": async () => {},
      });
    });
    afterEach(async () => {
      await workers.close();
      await jobQueue.close();
    });

    it("enqueues a row whose fast-path enqueue was lost (a crash between commit and relay)", async () => {
      const tweetId = randomUUID();
      const job = feedFanoutJob(tweetId);
      // Committed, never relayed: exactly what a crash right after the commit leaves behind.
      await database.db.insert(jobOutbox).values({ queue: job.name, jobId: job.jobId, payload: job.payload });
      const sweep = startOutboxSweep(database.db, jobQueue, { intervalMs: 20, redeliverAfterMs: 60_000 });
      try {
        await vi.waitFor(() => expect(ran).toEqual([tweetId]));
        await vi.waitFor(async () => expect(await pending()).toEqual([]));
        const [row] = await database.db.select().from(jobOutbox).where(eq(jobOutbox.jobId, job.jobId));
        expect(row?.enqueuedAt).toBeInstanceOf(Date);
      } finally {
        await sweep.stop();
      }
      // Relayed again by a later sweep (its mark was lost): the job id makes it a no-op.
      await database.db.update(jobOutbox).set({ enqueuedAt: null });
      await relayOutbox(database.db, jobQueue);
      await jobQueue.idle();
      expect(ran).toEqual([tweetId]);
    });
  });
  describe("redelivery", () => {
    it("re-enqueues a row whose job was lost under a new delivery id until its effect is committed", async () => {
      const job = feedFanoutJob(randomUUID());
      await database.db.transaction((tx) => writeOutbox(tx, job));
      const { queue, enqueued } = recordingQueue();
      await relayOutbox(database.db, queue);
      // Too recent: left alone.
      expect((await redeliverOutbox(database.db, queue, { redeliverAfterMs: 60_000 })).redelivered).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await redeliverOutbox(database.db, queue, { redeliverAfterMs: 10 })).redelivered).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await redeliverOutbox(database.db, queue, { redeliverAfterMs: 10 })).redelivered).toBe(1);
      expect(enqueued.map((request) => deliveryId(request.jobId, request.delivery))).toEqual([
        job.jobId,
        `${job.jobId}-r1`,
        `${job.jobId}-r2`,
      ]);
      await markOutboxCompleted(database.db, job.jobId);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await redeliverOutbox(database.db, queue, { redeliverAfterMs: 10 })).redelivered).toBe(0);
    });

    it("leaves a row whose job the queue still holds, and stops after the last delivery", async () => {
      const job = feedFanoutJob(randomUUID());
      await database.db.transaction((tx) => writeOutbox(tx, job));
      const { queue, enqueued } = recordingQueue();
      await relayOutbox(database.db, queue);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const busy: JobQueue = { ...queue, isQueued: async () => true };
      expect((await redeliverOutbox(database.db, busy, { redeliverAfterMs: 10 })).redelivered).toBe(0);
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        await redeliverOutbox(database.db, queue, { redeliverAfterMs: 10, maxDeliveries: 3 });
      }
      // The first hand-over and two redeliveries: three in all.
      expect(enqueued).toHaveLength(3);
    });
  });
});
