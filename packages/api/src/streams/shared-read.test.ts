import { describe, expect, it } from "vitest";
import { sharedRead } from "./shared-read";

describe("sharedRead", () => {
  it("shares a read in flight with callers whose bell came before it started, never with later ones", async () => {
    const pending: Array<() => void> = [];
    let reads = 0;
    const read = sharedRead(async (key: string) => {
      const number = ++reads;
      await new Promise<void>((resolve) => pending.push(resolve));
      return `${key}#${number}`;
    });
    const bell = performance.now();
    const first = read("tweet", bell);
    const joined = read("tweet", bell);
    const otherKey = read("other", bell);
    await new Promise((resolve) => setTimeout(resolve, 2));
    // A bell after the read started: that caller must not get the older state.
    const later = read("tweet", performance.now());
    expect(reads).toBe(3);
    for (const resolve of pending) resolve();
    expect(await Promise.all([first, joined, otherKey, later])).toEqual(["tweet#1", "tweet#1", "other#2", "tweet#3"]);
    // Finished reads are not cached: the next bell reads again.
    const next = read("tweet", performance.now());
    pending.at(-1)?.();
    expect(await next).toBe("tweet#4");
  });
});
