import { type Database, isNull, jobOutbox, sql } from "@pulse/db";
import type { JobMetrics, OutboxSource } from "@pulse/metrics";
import { type JobName, jobNames } from "./definitions";
import type { Processors } from "./job-queue";

/**
 * The same processors, each run timed and counted by outcome (`queue` = the job kind). Wrapping the processors
 * rather than a runner covers BullMQ and the in-process runner alike.
 */
export function timedProcessors(processors: Processors, metrics: JobMetrics): Processors {
  const timed: Partial<Record<JobName, unknown>> = {};
  for (const name of jobNames) {
    const run = processors[name] as (...args: Parameters<Processors[JobName]>) => Promise<void>;
    timed[name] = async (...args: Parameters<Processors[JobName]>) => {
      const started = performance.now();
      try {
        await run(...args);
        metrics.jobFinished(name, "completed", (performance.now() - started) / 1000);
      } catch (error) {
        metrics.jobFinished(name, "failed", (performance.now() - started) / 1000);
        throw error;
      }
    };
  }
  return timed as Processors;
}

/**
 * Outbox rows whose effect is not committed, and how old the oldest is: one aggregate over the partial index of
 * unfinished rows, read at scrape time.
 */
export function outboxBacklog(db: Database): OutboxSource {
  return {
    async backlog() {
      const [row] = await db
        .select({
          rows: sql<number>`count(*)::int`,
          oldestAgeSeconds: sql<number>`coalesce(extract(epoch from now() - min(${jobOutbox.createdAt})), 0)::float8`,
        })
        .from(jobOutbox)
        .where(isNull(jobOutbox.completedAt));
      return { rows: Number(row?.rows ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldestAgeSeconds ?? 0)) };
    },
  };
}
