import type { Database } from "@pulse/db";
import type { Logger } from "pino";
import { pruneSessions } from "./prune-sessions";

export interface WorkerOptions {
  db: Database;
  logger: Logger;
  /** How often housekeeping runs. */
  housekeepingIntervalMs?: number;
}

/**
 * The background side of Pulse. Today: periodic housekeeping (pruning dead sessions). Runs in its own process in
 * distributed mode and inside the server in embedded mode; `stop()` waits for the run in progress.
 */
export function startWorker(options: WorkerOptions) {
  const { db, logger } = options;
  let running: Promise<void> = Promise.resolve();
  const housekeeping = async () => {
    try {
      const pruned = await pruneSessions(db);
      if (pruned > 0) logger.info({ pruned }, "pruned dead sessions");
    } catch (error) {
      logger.error({ err: error }, "session pruning failed");
    }
  };
  running = housekeeping();
  const timer = setInterval(
    () => {
      running = running.then(housekeeping);
    },
    options.housekeepingIntervalMs ?? 60 * 60 * 1000,
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export type PulseWorker = ReturnType<typeof startWorker>;
