import { ConfigError, loadConfig } from "@pulse/config";
import { createDatabase } from "@pulse/db";
import { createBullmqJobQueue } from "@pulse/jobs";
import { createEventBus } from "@pulse/realtime";
import { createWorkerLogger } from "./logger";
import { retryPolicyFrom, workerJobSettingsFrom } from "./settings";
import { startWorker } from "./worker";

// A standalone worker process for distributed mode (DATABASE_URL + REDIS_URL); embedded mode runs it inside the server.
async function main() {
  const config = loadConfig();
  const logger = createWorkerLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    logger.fatal("the standalone worker needs DATABASE_URL and REDIS_URL; embedded mode runs it inside the server");
    process.exit(1);
  }
  const database = createDatabase({
    driver: "postgres",
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    // Logged, never thrown: the pool replaces the connection and the job is retried by BullMQ.
    onConnectionError: (error) => logger.warn({ err: error }, "database connection lost"),
  });
  if (config.MIGRATE_ON_START) await database.migrate();
  const bus = await createEventBus({
    redisUrl: config.REDIS_URL,
    onError: (error) => logger.warn({ err: error }, "event bus error"),
  });
  const queue = createBullmqJobQueue({ redisUrl: config.REDIS_URL, logger, retry: retryPolicyFrom(config) });
  // Leaves a share of the shutdown budget for closing the queue, the bus and the database.
  const closeTimeoutMs = Math.max(100, Math.floor(config.SHUTDOWN_TIMEOUT_MS * 0.7));
  const worker = await startWorker({
    db: database.db,
    logger,
    jobs: {
      queue,
      bus,
      ...workerJobSettingsFrom(config),
      closeTimeoutMs,
    },
  });
  logger.info({ concurrency: config.WORKER_CONCURRENCY }, "worker started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    // Whatever hangs (Redis gone mid-close), the process ends within SHUTDOWN_TIMEOUT_MS; unfinished jobs are
    // retried by another worker once their lock expires.
    const hardStop = setTimeout(() => {
      logger.error("graceful shutdown timed out");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    hardStop.unref();
    try {
      await worker.stop();
      await queue.close();
      await bus.close();
      await database.close();
      logger.info("worker stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
