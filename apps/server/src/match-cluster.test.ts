import { testDrivers } from "@pulse/db/testing";
import { matchComputeJob } from "@pulse/jobs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobSettled } from "./job-faults-harness";
import { startTestCluster, type TestCluster } from "./test-cluster";
import { type RunningProcess, runFromRepoRoot, stopServerProcess } from "./testing";

const clusterable = (await testDrivers()).includes("postgres");

const profile = {
  bio: "Systems programmer writing Rust and WebGPU compute shaders",
  interestTags: ["rust", "webgpu"],
  city: "Berlin",
  timezone: "Europe/Berlin",
};

describe.runIf(clusterable)("match jobs on real worker processes (distributed mode)", () => {
  let cluster: TestCluster;
  const workers: RunningProcess[] = [];

  /** A worker process, as `npm run start -w @pulse/worker` runs it; resolves once it consumes jobs. */
  async function startWorkerProcess(env: Record<string, string> = {}) {
    const worker = runFromRepoRoot(["node", "--import", "tsx", "apps/worker/src/main.ts"], {
      DATABASE_URL: cluster.database.url ?? "",
      REDIS_URL: cluster.redis.url,
      NODE_ENV: "test",
      JOB_LOCK_MS: "1000",
      LOG_LEVEL: "info",
      ...env,
    });
    workers.push(worker);
    await vi.waitFor(() => expect(worker.stdout()).toContain('"msg":"worker started"'), { timeout: 30_000 });
    return worker;
  }

  beforeAll(async () => {
    cluster = await startTestCluster(1, { JOB_LOCK_MS: "1000", JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "50" });
  });
  afterAll(async () => {
    for (const worker of workers) await stopServerProcess(worker);
    await cluster?.close();
  });

  it("a worker killed mid-job: the next worker completes it exactly once and the user gets one result", async () => {
    const alice = await cluster.member();
    const bob = await cluster.member();
    await alice.tab().trpc.profile.upsert.mutate(profile);
    await bob.tab().trpc.profile.upsert.mutate({ ...profile, city: "Hamburg" });

    // The first worker hangs inside the job (fault injection), so it can be killed while it holds it.
    const doomed = await startWorkerProcess({ MATCH_FAULT: "slow", MATCH_FAULT_DELAY_MS: "600000" });
    const client = alice.tab();
    const results: Array<{ id: string; taskId: string; status: string }> = [];
    client.trpc.match.onResult.subscribe(
      { lastEventId: "0" },
      {
        onData: ({ id, data }) =>
          data.type === "event" && results.push({ id, taskId: data.event.taskId, status: data.event.status }),
      },
    );
    const { taskId } = await client.trpc.match.request.mutate({});
    const updates: string[] = [];
    client.trpc.match.onTask.subscribe({ taskId }, { onData: (update) => updates.push(update.type) });
    await vi.waitFor(
      async () =>
        expect(await client.trpc.match.status.query({ taskId })).toMatchObject({ status: "running", attempts: 1 }),
      {
        timeout: 20_000,
      },
    );

    doomed.child.kill("SIGKILL");
    await startWorkerProcess();
    await vi.waitFor(() => expect(updates.at(-1)).toBe("result"), { timeout: 30_000 });
    await vi.waitFor(() => expect(results).toEqual([{ id: "1", taskId, status: "completed" }]));
    const view = await client.trpc.match.status.query({ taskId });
    expect(view).toMatchObject({ status: "completed", attempts: 2 });
    expect(view.result?.matches.map((person) => person.user.id)).toEqual([bob.user.id]);
    // No sleeping to give a duplicate run a chance: once every run of the job (the killed one retaken, any
    // redelivery) has returned, a second request's result is published after anything they published, so a
    // duplicate result of the first would reach onResult before it.
    await jobSettled(cluster, matchComputeJob(taskId));
    const second = await client.trpc.match.request.mutate({});
    await vi.waitFor(() => expect(results.map((result) => result.taskId)).toContain(second.taskId), {
      timeout: 30_000,
    });
    expect(results).toEqual([
      { id: "1", taskId, status: "completed" },
      { id: "2", taskId: second.taskId, status: "completed" },
    ]);
    expect(updates.filter((type) => type === "result")).toHaveLength(1);
  }, 90_000);

  it("a job that always fails: after the 3 configured attempts the client receives one error event", async () => {
    // Only a failing worker may take this job.
    for (const worker of workers) await stopServerProcess(worker);
    const failing = await startWorkerProcess({ MATCH_FAULT: "fail" });
    const carol = await cluster.member();
    await carol.tab().trpc.profile.upsert.mutate(profile);
    const client = carol.tab();
    const { taskId } = await client.trpc.match.request.mutate({});
    const updates: Array<{ type: string; message?: string }> = [];
    client.trpc.match.onTask.subscribe({ taskId }, { onData: (update) => updates.push(update) });
    await vi.waitFor(() => expect(updates.at(-1)?.type).toBe("error"), { timeout: 30_000 });
    expect(updates.at(-1)).toEqual({
      type: "error",
      message: "Matching failed after 3 attempts; please try again later",
    });
    expect(await client.trpc.match.status.query({ taskId })).toMatchObject({ status: "failed", attempts: 3 });
    await stopServerProcess(failing);
  }, 60_000);
});
