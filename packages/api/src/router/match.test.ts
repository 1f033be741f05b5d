import { testDrivers } from "@pulse/db/testing";
import { createInProcessJobQueue } from "@pulse/jobs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createJobProcessors } from "../processors";
import { createTestApi, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();

const rustacean = (city: string) => ({
  bio: "Systems programmer writing Rust and WebGPU compute shaders, profiling hot loops",
  interestTags: ["Rust", "#WebGPU", "compilers"],
  city,
  timezone: "Europe/Berlin",
});
const gardener = {
  bio: "Balcony gardener growing tomatoes, composting and propagating houseplants",
  interestTags: ["gardening", "plants"],
  city: "Lisbon",
  timezone: "Europe/Lisbon",
};

/** Collects what a subscription yields, in the background, until it ends or the test stops it. */
async function collect<T>(subscription: Promise<AsyncIterable<T>>) {
  const items: T[] = [];
  const controller = { done: false };
  const iterable = await subscription;
  const finished = (async () => {
    for await (const item of iterable) {
      items.push(item);
      if (controller.done) break;
    }
  })();
  return { items, finished, stop: () => (controller.done = true) };
}

describe.each(drivers)("profile and match routers on %s", (driver) => {
  let api: TestApi | undefined;
  let counter = 0;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function member(
    testApi: TestApi,
    profile?: Parameters<Awaited<ReturnType<TestApi["caller"]>>["profile"]["upsert"]>[0],
  ) {
    const { token, user } = await (await testApi.caller()).auth.signup({
      username: `member${++counter}`,
      password: "correct horse battery",
    });
    const call = await testApi.caller({ token });
    if (profile) await call.profile.upsert(profile);
    return { user, call };
  }

  it("profile.upsert normalizes, validates every field by name, and profile.get reads it back", async () => {
    api = await createTestApi(driver);
    const alice = await member(api);
    expect((await rejection(alice.call.profile.get({ userId: alice.user.id }))).code).toBe("NOT_FOUND");
    const saved = await alice.call.profile.upsert({
      ...rustacean("  Berlin "),
      interestTags: ["Rust", " rust ", "#WebGPU"],
    });
    expect(saved).toMatchObject({ interestTags: ["rust", "webgpu"], city: "Berlin", timezone: "Europe/Berlin" });
    expect(await alice.call.profile.get({ userId: alice.user.id })).toEqual(saved);

    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...rustacean("Berlin"), bio: "x".repeat(2_001) }, "bio"],
      [{ ...rustacean("Berlin"), interestTags: [] }, "interestTags"],
      [
        { ...rustacean("Berlin"), interestTags: Array.from({ length: 21 }, (_, index) => `tag${index}`) },
        "interestTags",
      ],
      [{ ...rustacean("Berlin"), interestTags: ["x".repeat(41)] }, "interestTags"],
      [{ ...rustacean("Berlin"), timezone: "Mars/Olympus" }, "timezone"],
      [{ ...rustacean("Berlin"), timezone: 7 }, "timezone"],
      [{ bio: "no other fields" }, "interestTags"],
    ];
    for (const [input, field] of bad) {
      const error = await rejection(alice.call.profile.upsert(input as never));
      expect({ field, code: error.code, named: error.message.includes(field) }).toEqual({
        field,
        code: "BAD_REQUEST",
        named: true,
      });
    }
    expect((await rejection(alice.call.match.request({ timezone: "Nowhere/City" }))).message).toContain("timezone");
  });

  it("request → onTask: status, progress, then the result; a duplicate request reuses the task; both tabs get onResult", async () => {
    const queue = createInProcessJobQueue();
    api = await createTestApi(driver, { jobs: queue });
    const alice = await member(api, rustacean("Berlin"));
    const bob = await member(api, rustacean("Berlin"));
    const carol = await member(api, rustacean("Tokyo"));
    await member(api, gardener);
    const tabs = [await collect(alice.call.match.onResult({})), await collect(alice.call.match.onResult({}))];
    const first = await alice.call.match.request({});
    const again = await alice.call.match.request({ city: "Munich" });
    expect(again).toEqual({ taskId: first.taskId, reused: true });
    expect((await alice.call.match.status({ taskId: first.taskId })).status).toBe("queued");

    const updates = await collect(alice.call.match.onTask({ taskId: first.taskId }));
    await vi.waitFor(() => expect(updates.items).toEqual([{ type: "status", status: "queued", progress: 0 }]));
    const workers = await queue.work(createJobProcessors(api.deps));
    try {
      await updates.finished;
      const [status, ...rest] = updates.items;
      expect(status).toEqual({ type: "status", status: "queued", progress: 0 });
      const progress = rest
        .filter((item) => item.type === "progress")
        .map((item) => (item.type === "progress" ? item.progress : 0));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const last = rest.at(-1);
      if (last?.type !== "result") throw new Error(`expected a result, got ${JSON.stringify(last)}`);
      const names = last.result.matches.map((person) => person.user.id);
      // The two other rustaceans first; never alice herself.
      expect(names.slice(0, 2).sort()).toEqual([bob.user.id, carol.user.id].sort());
      expect(names).not.toContain(alice.user.id);
      const top = last.result.matches[0];
      expect(top?.score).toBeGreaterThan(0);
      expect(top?.score).toBeLessThanOrEqual(1);
      expect(top?.reasonText).toMatch(/shares/);

      for (const tab of tabs) {
        await vi.waitFor(() => expect(tab.items).toHaveLength(1));
        // Through createCaller a tracked item is its raw [id, data] envelope.
        const [id, data] = tab.items[0] as unknown as [string, unknown];
        expect(id).toBe("1");
        expect(data).toMatchObject({ type: "event", event: { seq: 1, taskId: first.taskId, status: "completed" } });
      }
      const view = await alice.call.match.status({ taskId: first.taskId });
      expect(view).toMatchObject({ status: "completed", progress: 100, attempts: 1 });
      // A finished task no longer blocks a new request.
      expect((await alice.call.match.request({})).taskId).not.toBe(first.taskId);
    } finally {
      for (const tab of tabs) tab.stop();
      await workers.close();
      await queue.close();
    }
  });

  it("someone else's task is FORBIDDEN, an unknown one NOT_FOUND", async () => {
    const queue = createInProcessJobQueue();
    api = await createTestApi(driver, { jobs: queue });
    const alice = await member(api, rustacean("Berlin"));
    const mallory = await member(api, gardener);
    const { taskId } = await alice.call.match.request({});
    expect((await rejection(mallory.call.match.status({ taskId }))).code).toBe("FORBIDDEN");
    // A subscription's checks run when it starts streaming.
    const stream = (await mallory.call.match.onTask({ taskId }))[Symbol.asyncIterator]();
    expect((await rejection(stream.next())).code).toBe("FORBIDDEN");
    expect((await rejection(alice.call.match.status({ taskId: "00000000-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    await queue.close();
  });

  it("a job that always fails: the client gets one error event after the configured attempts", async () => {
    const queue = createInProcessJobQueue({ retry: { attempts: 3, backoffMs: 5 } });
    api = await createTestApi(driver, { jobs: queue });
    const alice = await member(api, rustacean("Berlin"));
    const { taskId } = await alice.call.match.request({});
    const updates = await collect(alice.call.match.onTask({ taskId }));
    const results = await collect(alice.call.match.onResult({}));
    const workers = await queue.work(createJobProcessors({ ...api.deps, matchFault: { kind: "fail" } }));
    try {
      await updates.finished;
      expect(updates.items.at(-1)).toEqual({
        type: "error",
        message: "Matching failed after 3 attempts; please try again later",
      });
      expect(updates.items.filter((item) => item.type === "error")).toHaveLength(1);
      expect(await alice.call.match.status({ taskId })).toMatchObject({ status: "failed", attempts: 3 });
      await vi.waitFor(() => expect(results.items).toHaveLength(1));
      const [, data] = results.items[0] as unknown as [string, unknown];
      expect(data).toMatchObject({ event: { status: "failed", taskId } });
    } finally {
      results.stop();
      await workers.close();
      await queue.close();
    }
  });

  it("a user with neither interests nor bio gets a clear error at once, without retries", async () => {
    api = await createTestApi(driver);
    const alice = await member(api);
    const { taskId } = await alice.call.match.request({});
    await vi.waitFor(async () => expect((await alice.call.match.status({ taskId })).status).toBe("failed"));
    expect(await alice.call.match.status({ taskId })).toMatchObject({
      attempts: 1,
      error: expect.stringMatching(/Add interests or a bio/),
    });
  });
});
