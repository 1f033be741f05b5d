import { eq, matchRequests } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { createInProcessJobQueue } from "@pulse/jobs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createJobProcessors } from "../processors";
import { createTestApi, type TestApi } from "../testing";
import { STALE_TASK_MS, TIMED_OUT_MESSAGE } from "./tasks";

const drivers = await testDrivers();

const profile = {
  bio: "Systems programmer writing Rust and WebGPU compute shaders",
  interestTags: ["rust", "webgpu"],
  city: "Berlin",
  timezone: "Europe/Berlin",
};

/** Issue 10, item 3: a task whose job is gone for good ends with an error, and is never handed back again. */
describe.each(drivers)("dead match tasks on %s", (driver) => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function member(testApi: TestApi, name: string) {
    const { token } = await (await testApi.caller()).auth.signup({ username: name, password: "correct horse battery" });
    const call = await testApi.caller({ token });
    await call.profile.upsert(profile);
    return call;
  }

  /** Makes the task look untouched for `ms` (its job lost: no worker ever ran it). */
  async function age(taskId: string, ms: number) {
    await api?.database.db
      .update(matchRequests)
      .set({ updatedAt: new Date(Date.now() - ms) })
      .where(eq(matchRequests.id, taskId));
  }

  it("a task untouched past the workers' deadline fails with one error event", async () => {
    // No worker consumes this queue: the job is as good as lost.
    api = await createTestApi(driver, { jobs: createInProcessJobQueue() });
    const alice = await member(api, "deadline_alice");
    const { taskId } = await alice.match.request({});
    const updates: Array<{ type: string }> = [];
    const iterable = await alice.match.onTask({ taskId });
    const reading = (async () => {
      for await (const update of iterable) updates.push(update);
    })();
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    const processors = createJobProcessors({ ...api.deps, trendingWindowMs: 60_000 });
    try {
      expect(await processors.expireStaleMatches(60_000)).toBe(0);
      await age(taskId, 61_000);
      expect(await processors.expireStaleMatches(60_000)).toBe(1);
      await reading;
      expect(updates.at(-1)).toEqual({ type: "error", message: TIMED_OUT_MESSAGE });
      expect(await alice.match.status({ taskId })).toMatchObject({ status: "failed", error: TIMED_OUT_MESSAGE });
      expect(await processors.expireStaleMatches(60_000)).toBe(0);
    } finally {
      await processors.close();
    }
  });

  it("match.request fails a stale active task and creates a new one instead of handing it back", async () => {
    api = await createTestApi(driver, { jobs: createInProcessJobQueue() });
    const bob = await member(api, "stale_bob");
    const first = await bob.match.request({});
    expect(await bob.match.request({})).toEqual({ taskId: first.taskId, reused: true });
    await age(first.taskId, STALE_TASK_MS + 1_000);
    const second = await bob.match.request({});
    expect(second.reused).toBe(false);
    expect(second.taskId).not.toBe(first.taskId);
    expect(await bob.match.status({ taskId: first.taskId })).toMatchObject({
      status: "failed",
      error: TIMED_OUT_MESSAGE,
    });
    expect((await bob.match.status({ taskId: second.taskId })).status).toBe("queued");
  });
});
