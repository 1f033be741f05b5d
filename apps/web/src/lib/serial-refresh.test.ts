import { describe, expect, it } from "vitest";
import { createSerialRefresh } from "./serial-refresh";

function deferredRuns() {
  const pending: (() => void)[] = [];
  const run = () => new Promise<void>((resolve) => pending.push(resolve));
  const finish = async () => {
    pending.shift()?.();
    // Let the .finally() chain run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { run, pending, finish };
}

describe("createSerialRefresh", () => {
  it("runs once per burst while a run is in flight, then once more", async () => {
    const runs = deferredRuns();
    const trigger = createSerialRefresh(runs.run);
    trigger();
    trigger();
    trigger();
    expect(runs.pending).toHaveLength(1);
    await runs.finish();
    expect(runs.pending).toHaveLength(1);
    await runs.finish();
    expect(runs.pending).toHaveLength(0);
  });

  it("skips triggers while blocked", async () => {
    const runs = deferredRuns();
    let blocked = true;
    const trigger = createSerialRefresh(runs.run, () => blocked);
    trigger();
    expect(runs.pending).toHaveLength(0);
    blocked = false;
    trigger();
    expect(runs.pending).toHaveLength(1);
  });

  it("keeps going after a failed run", async () => {
    let calls = 0;
    const trigger = createSerialRefresh(() => {
      calls++;
      return Promise.reject(new Error("offline"));
    });
    trigger();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    trigger();
    expect(calls).toBe(2);
  });
});
