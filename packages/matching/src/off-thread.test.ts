import { afterEach, describe, expect, it } from "vitest";
import { generateCommunity } from "./generate";
import { match } from "./match";
import { buildMatchIndex } from "./match-index";
import { activeBuildThreads, buildMatchIndexOffThread, pagesOf } from "./off-thread";
import { JANUARY } from "./testing";
import type { MatchResult } from "./types";

/** The largest gap between ticks of a 1 ms timer while `run` runs: how long the event loop was blocked. */
async function maxLoopGap<T>(run: () => Promise<T> | T): Promise<{ gapMs: number; ms: number; value: T }> {
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  try {
    const value = await run();
    const ms = performance.now() - started;
    // A timer tick after `run`, so a block at its very end is counted too.
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { gapMs: Math.max(gapMs, performance.now() - last), ms, value };
  } finally {
    clearInterval(timer);
  }
}

const withoutTiming = ({ tookMs: _, ...rest }: MatchResult) => rest;

describe("buildMatchIndexOffThread", () => {
  afterEach(() => {
    // Every build terminates its thread before returning or throwing.
    expect(activeBuildThreads()).toBe(0);
  });

  it("returns an index giving the same matches as the in-thread build", async () => {
    const { profiles } = generateCommunity({ seed: 11, size: 3_000, groups: 30, noise: 0.25 });
    const local = buildMatchIndex(profiles);
    const threaded = await buildMatchIndexOffThread(pagesOf(profiles, 700));
    expect(threaded.size).toBe(local.size);
    for (const requester of profiles.filter((_, i) => i % 100 === 0)) {
      const options = { at: JANUARY, k: 20, exclude: new Set([profiles[0]?.userId ?? ""]) };
      expect(withoutTiming(match(threaded, requester, options))).toEqual(
        withoutTiming(match(local, requester, options)),
      );
    }
  });

  it("keeps the event loop responsive: its longest stall is a small fraction of what the in-thread build blocks", async () => {
    const { profiles } = generateCommunity({ seed: 12, size: 20_000, groups: 200, noise: 0.2 });
    // Relative, not absolute: both runs slow down alike on a loaded machine. The in-thread build blocks for all of it.
    const inThread = await maxLoopGap(() => buildMatchIndex(profiles));
    const offThread = await maxLoopGap(() => buildMatchIndexOffThread(pagesOf(profiles)));
    expect(offThread.value.size).toBe(inThread.value.size);
    expect(inThread.gapMs).toBeGreaterThan(inThread.ms * 0.9);
    expect(offThread.gapMs).toBeLessThan(inThread.gapMs / 4);
  });

  it("rejects with the thread's exception, as the same error type", async () => {
    const { profiles } = generateCommunity({ seed: 13, size: 50, groups: 5 });
    const duplicated = [...profiles, { ...(profiles[0] as (typeof profiles)[number]), bio: "again" }];
    await expect(buildMatchIndexOffThread(pagesOf(duplicated))).rejects.toThrow(RangeError);
  });

  it("survives a thread crash (out of memory): the build rejects, the process lives on, the next build works", async () => {
    const { profiles } = generateCommunity({ seed: 14, size: 20_000, groups: 200 });
    const crash = buildMatchIndexOffThread(pagesOf(profiles), {
      resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
    });
    await expect(crash).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
    expect(activeBuildThreads()).toBe(0);
    const index = await buildMatchIndexOffThread(pagesOf(profiles.slice(0, 500)));
    expect(index.size).toBe(500);
  });

  it("terminates the thread when aborted mid-build and rejects with the abort reason", async () => {
    const { profiles } = generateCommunity({ seed: 15, size: 200, groups: 10 });
    const controller = new AbortController();
    async function* stalling() {
      yield profiles.slice(0, 100);
      // Never ends on its own, like a reader stuck on a slow database: only the abort gets the build out.
      await new Promise(() => {});
    }
    const build = buildMatchIndexOffThread(stalling(), { signal: controller.signal });
    await expect.poll(() => activeBuildThreads()).toBe(1);
    controller.abort(new Error("shutting down"));
    await expect(build).rejects.toThrow("shutting down");
    await expect.poll(() => activeBuildThreads()).toBe(0);
    await expect(buildMatchIndexOffThread(pagesOf(profiles), { signal: controller.signal })).rejects.toThrow(
      "shutting down",
    );
  });
});
