import { testDrivers } from "@pulse/db/testing";
import { describe, expect, it, vi } from "vitest";
import { cancelFeedWritesFor, feedRowsOf, seedFollowers, startFaultCluster, timeUntil } from "./job-faults-harness";
import { stopServerProcess } from "./testing";

const clusterable = (await testDrivers()).includes("postgres");

const profile = {
  bio: "Systems programmer writing Rust and WebGPU compute shaders",
  interestTags: ["rust", "webgpu"],
  city: "Berlin",
  timezone: "Europe/Berlin",
};

/**
 * Issue 10, item 3: an outbox row is done when its job's effect is committed, and the sweep re-enqueues what is not
 * done after JOB_REDELIVER_AFTER_MS (3 s here), whatever lost it: Redis data, exhausted retries, a stall limit.
 */
describe.runIf(clusterable)("jobs are redelivered until their effect is committed (real processes)", () => {
  it("Redis restarted empty while jobs waited: every feed row is written and every match task finishes", async () => {
    const faults = await startFaultCluster();
    try {
      const { cluster } = faults;
      const author = await cluster.member();
      await seedFollowers(cluster, author.user.id, 20);
      const client = author.tab();
      const tweetIds: string[] = [];
      for (let i = 0; i < 10; i++) tweetIds.push((await client.trpc.tweet.create.mutate({ content: `post ${i}` })).id);
      const matchers = await Promise.all([0, 1, 2, 3, 4].map(() => cluster.member()));
      const taskIds: string[] = [];
      const tabs = matchers.map((member) => member.tab());
      for (const tab of tabs) {
        await tab.trpc.profile.upsert.mutate(profile);
        taskIds.push((await tab.trpc.match.request.mutate({})).taskId);
      }
      // No worker yet: the jobs wait in Redis, then Redis comes back without them.
      await cluster.redis.kill();
      await cluster.redis.restart();
      const restartedAt = Date.now();
      await faults.worker();

      const expectedRows = tweetIds.length * 21;
      const rows = await timeUntil(
        async () => {
          let total = 0;
          for (const tweetId of tweetIds) total += await feedRowsOf(cluster, tweetId);
          return total;
        },
        (total) => total >= expectedRows,
        45_000,
      );
      const finished = await timeUntil(
        () =>
          Promise.all(
            tabs.map(async (tab, i) => (await tab.trpc.match.status.query({ taskId: taskIds[i] ?? "" })).status),
          ),
        (all) => all.every((status) => status === "completed" || status === "failed"),
        30_000,
      );
      const recoveredMs = Date.now() - restartedAt;
      console.info(
        `[issue 10.3a] feed rows expected ${expectedRows}, written ${rows.value}; match tasks ${taskIds.length}, finished: ${finished.value.join(",")}; recovered within ${recoveredMs} ms of the restart`,
      );
      expect(rows.value).toBe(expectedRows);
      expect(finished.value.every((status) => status === "completed")).toBe(true);
    } finally {
      await faults.close();
    }
  }, 90_000);

  it("statements cancelled for 6 s during a fan-out (retries exhausted): every feed row is written once", async () => {
    const faults = await startFaultCluster();
    try {
      const { cluster } = faults;
      const author = await cluster.member();
      const followers = await seedFollowers(cluster, author.user.id, 1_500);
      // Each batch of 50 publishes takes 100 ms: the fan-out lasts ~3 s, long enough to hit it mid-way.
      await faults.worker({ fault: "slow-feed-publish=100" });
      const { id: tweetId } = await author.tab().trpc.tweet.create.mutate({ content: "to 1 500 followers" });
      await vi.waitFor(async () => expect(await feedRowsOf(cluster, tweetId)).toBeGreaterThan(100), {
        timeout: 20_000,
      });
      const cancelled = await cancelFeedWritesFor(cluster, 6_000);
      const stoppedAt = await feedRowsOf(cluster, tweetId);
      const outageEnded = Date.now();
      const rows = await timeUntil(
        () => feedRowsOf(cluster, tweetId),
        (n) => n >= followers.length + 1,
        40_000,
      );
      console.info(
        `[issue 10.3b] ${cancelled} statements cancelled; the fan-out stood at ${stoppedAt} rows after the outage; expected ${followers.length + 1}, written ${rows.value}; complete ${rows.ms} ms after the outage ended (${Date.now() - outageEnded} ms)`,
      );
      expect(cancelled).toBeGreaterThan(0);
      expect(rows.value).toBe(followers.length + 1);
    } finally {
      await faults.close();
    }
  }, 90_000);

  it("a match job whose worker is SIGKILLed twice ends with a result or an error, and a new request works", async () => {
    const faults = await startFaultCluster();
    try {
      const { cluster } = faults;
      const alice = await cluster.member();
      const bob = await cluster.member();
      await alice.tab().trpc.profile.upsert.mutate(profile);
      await bob.tab().trpc.profile.upsert.mutate({ ...profile, city: "Hamburg" });
      const client = alice.tab();
      const hang = { MATCH_FAULT: "slow", MATCH_FAULT_DELAY_MS: "600000" };
      const first = await faults.worker({ env: hang });
      const { taskId } = await client.trpc.match.request.mutate({});
      const updates: string[] = [];
      client.trpc.match.onTask.subscribe({ taskId }, { onData: (update) => updates.push(update.type) });
      const running = (attempts: number) =>
        vi.waitFor(
          async () =>
            expect(await client.trpc.match.status.query({ taskId })).toMatchObject({ status: "running", attempts }),
          { timeout: 20_000 },
        );
      await running(1);
      first.child.kill("SIGKILL");
      await stopServerProcess(first);
      const second = await faults.worker({ env: hang });
      await running(2);
      second.child.kill("SIGKILL");
      await stopServerProcess(second);
      const killedAt = Date.now();
      // A healthy worker: BullMQ's stall check fails the job (stalled twice) without running it.
      await faults.worker();
      await vi.waitFor(() => expect(["result", "error"]).toContain(updates.at(-1)), { timeout: 30_000 });
      const endedMs = Date.now() - killedAt;
      const view = await client.trpc.match.status.query({ taskId });
      const again = await client.trpc.match.request.mutate({});
      const next = await timeUntil(
        () => client.trpc.match.status.query({ taskId: again.taskId }),
        (task) => task.status === "completed" || task.status === "failed",
        30_000,
      );
      console.info(
        `[issue 10.3c] task ${view.status} after ${view.attempts} attempts, ${endedMs} ms after the second kill; terminal events ${updates.filter((type) => type === "result" || type === "error").length}; new request reused=${again.reused} → ${next.value.status}`,
      );
      expect(updates.filter((type) => type === "result" || type === "error")).toHaveLength(1);
      expect(again.taskId).not.toBe(taskId);
      expect(next.value.status).toBe("completed");
    } finally {
      await faults.close();
    }
  }, 120_000);
});
