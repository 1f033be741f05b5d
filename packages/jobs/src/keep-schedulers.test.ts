import { describe, expect, it } from "vitest";
import type { JobName } from "./definitions";
import { keepSchedulers } from "./keep-schedulers";

/** A scheduler store in memory that can lose everything, as a Redis restarted empty does. */
function memoryStore() {
  const schedulers = new Map<JobName, number>();
  const upserts: JobName[] = [];
  return {
    schedulers,
    upserts,
    store: {
      exists: async (name: JobName) => schedulers.has(name),
      upsert: async (name: JobName, _payload: unknown, everyMs: number) => {
        upserts.push(name);
        schedulers.set(name, everyMs);
      },
    },
  };
}

describe("keepSchedulers", () => {
  it("re-creates a scheduler the store lost, and leaves an existing one alone", async () => {
    const memory = memoryStore();
    const schedules = keepSchedulers(memory.store);
    await schedules.add("trending.compute", {}, 60_000);
    await schedules.check();
    expect(memory.upserts).toEqual(["trending.compute"]);
    memory.schedulers.clear();
    await schedules.check();
    expect(memory.upserts).toEqual(["trending.compute", "trending.compute"]);
    expect(memory.schedulers.get("trending.compute")).toBe(60_000);
    schedules.stop();
  });

  it("checks on its own every interval", async () => {
    const memory = memoryStore();
    const schedules = keepSchedulers(memory.store);
    await schedules.add("trending.compute", {}, 20);
    memory.schedulers.clear();
    await expect.poll(() => memory.schedulers.has("trending.compute")).toBe(true);
    schedules.stop();
  });
});
