import type { Config } from "@pulse/config";
import type { RetryPolicy } from "@pulse/jobs";
import type { WorkerJobsOptions } from "./worker";

/** The retry policy of every job queue, from the configuration (servers produce, workers consume: both need it). */
export function retryPolicyFrom(config: Config): RetryPolicy {
  return { attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS, jitter: 0.5 };
}

/** The job settings a worker takes from the configuration, whether it runs in its own process or in the server. */
export function workerJobSettingsFrom(config: Config): Omit<WorkerJobsOptions, "queue" | "bus"> {
  return {
    concurrency: config.WORKER_CONCURRENCY,
    trendingWindowMs: config.TRENDING_WINDOW_MS,
    trendingIntervalMs: config.TRENDING_INTERVAL_MS,
    outboxSweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
    redeliverAfterMs: config.JOB_REDELIVER_AFTER_MS,
    fanOutBatchSize: config.FEED_FANOUT_BATCH_SIZE,
    lockDurationMs: config.JOB_LOCK_MS,
    matchIndexRefreshMs: config.MATCH_INDEX_REFRESH_MS,
    matchFault:
      config.MATCH_FAULT === "slow"
        ? { kind: "slow", delayMs: config.MATCH_FAULT_DELAY_MS }
        : { kind: config.MATCH_FAULT === "fail" ? "fail" : "none" },
  };
}
