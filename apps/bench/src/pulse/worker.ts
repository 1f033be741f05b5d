import { performance } from "node:perf_hooks";
import { type ChildHandle, spawnChild } from "../util/child";
import { repoRoot } from "../util/paths";
import type { PulseEnvironment } from "./server";

/** One "match index built" log line of a worker (the first build, or a refresh after profiles changed). */
export interface IndexBuild {
  worker: string;
  /** Profiles in the index. */
  profiles: number;
  /** The worker's own figure: reading the profiles from PostgreSQL and building the index. */
  ms: number;
  /** performance.now() of the bench when the line arrived. */
  at: number;
  /** The log line as the worker wrote it. */
  line: string;
}

export interface WorkerProcess extends ChildHandle {
  /** Jobs of one kind the process runs at once (WORKER_CONCURRENCY), from its "worker started" line. */
  concurrency: number | null;
  /** Every "match index built" line so far, in order. */
  indexBuilds: IndexBuild[];
  /** performance.now() of the bench when the worker said it started. */
  startedAt: number;
}

function parseLog(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The background worker of distributed mode, as deployed: `node apps/worker/dist/main.js` (compiled) with
 * DATABASE_URL and REDIS_URL; it runs the `match.compute` jobs. Logs at info level, which is how the bench sees
 * each "match index built" (warnings and errors are collected as problems, as for servers).
 */
export async function startPulseWorker(
  label: string,
  env: PulseEnvironment,
  onIndexBuilt?: (build: IndexBuild) => void,
): Promise<WorkerProcess> {
  const indexBuilds: IndexBuild[] = [];
  let concurrency: number | null = null;
  const child = await spawnChild({
    label,
    args: ["apps/worker/dist/main.js"],
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      // The match scenario runs several workers on one machine: each takes any free port for its /metrics.
      WORKER_METRICS_PORT: "0",
      ...env.overrides,
    },
    ready: /"msg":"worker started"/,
    onLine: (line) => {
      const log = parseLog(line);
      if (!log) return;
      if (log.msg === "worker started" && typeof log.concurrency === "number") concurrency = log.concurrency;
      if (log.msg === "match index built") {
        const build: IndexBuild = {
          worker: label,
          profiles: Number(log.profiles),
          ms: Number(log.ms),
          at: performance.now(),
          line: line.slice(0, 500),
        };
        indexBuilds.push(build);
        onIndexBuilt?.(build);
      }
    },
  });
  return { ...child, concurrency, indexBuilds, startedAt: performance.now() };
}
