import type { Database } from "@pulse/db";
import type { Processors } from "@pulse/jobs";
import type { EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { fanOutTweet } from "./feed/feed";
import { syncRepost } from "./feed/repost";
import { createMatchProcessor, type MatchFault } from "./match/processor";
import { runTrendingComputation } from "./trending/trending";

export interface JobProcessorDeps {
  db: Database;
  bus: EventBus;
  logger: Pick<Logger, "info" | "warn" | "error">;
  trendingWindowMs: number;
  /** Followers per fan-out statement. */
  fanOutBatchSize?: number;
  /** How often the match index may be rebuilt when profiles changed. */
  matchIndexRefreshMs?: number;
  /** Fault injection for the match job (tests only). */
  matchFault?: MatchFault;
  /** The clock for unscheduled trending runs. */
  now?: () => number;
}

/**
 * The work behind every job, identical whichever queue (BullMQ or in-process) delivers it. `close()` ends what
 * outlives a job: a match index build in progress on its thread. `expireStaleMatches` fails match tasks that
 * missed their deadline (the worker runs it periodically).
 */
export function createJobProcessors(
  deps: JobProcessorDeps,
): Processors & { close(): Promise<void>; expireStaleMatches(deadlineMs: number): Promise<number> } {
  const now = deps.now ?? Date.now;
  const match = createMatchProcessor({
    db: deps.db,
    bus: deps.bus,
    logger: deps.logger,
    ...(deps.matchIndexRefreshMs ? { indexRefreshMs: deps.matchIndexRefreshMs } : {}),
    ...(deps.matchFault ? { fault: deps.matchFault } : {}),
  });
  return {
    "match.compute": match,
    "feed.fanout": async ({ tweetId, reposterId }) => {
      const options = deps.fanOutBatchSize ? { batchSize: deps.fanOutBatchSize } : {};
      if (reposterId) await syncRepost(deps, tweetId, reposterId, options);
      else await fanOutTweet(deps, tweetId, options);
    },
    // A scheduled run computes the window ending at its slot, so a repeated run of the same slot changes nothing.
    "trending.compute": async (_payload, { scheduledAt }) => {
      await runTrendingComputation(deps, new Date(scheduledAt ?? now()), deps.trendingWindowMs);
    },
    close: async () => {
      await match.close();
    },
    expireStaleMatches: (deadlineMs) => match.expireStale(deadlineMs),
  };
}
