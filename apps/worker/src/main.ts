import { ConfigError, loadConfig } from "@pulse/config";
import { createDatabase } from "@pulse/db";
import { createBullmqJobQueue } from "@pulse/jobs";
import { createPulseMetrics } from "@pulse/metrics";
import { createEventBus } from "@pulse/realtime";
import {
  createDependencyMonitor,
  dependencyChecks,
  retryPolicyFrom,
  startWorker,
  workerJobSettingsFrom,
} from "@pulse/worker-runtime";
import { createWorkerLogger } from "./logger";
import { startOpsServer } from "./ops-server";

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
  const metrics = createPulseMetrics();
  const bus = await createEventBus({
    redisUrl: config.REDIS_URL,
    onError: (error) => logger.warn({ err: error }, "event bus error"),
    metrics,
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
    metrics,
  });
  const dependencies = dependencyChecks(database.db, config.REDIS_URL, config.READINESS_TIMEOUT_MS);
  const monitor = createDependencyMonitor({
    checks: dependencies.checks,
    timeoutMs: config.READINESS_TIMEOUT_MS,
    logger,
    metrics,
  });
  monitor.start();
  let stopping = false;
  const ops = await startOpsServer({
    port: config.WORKER_METRICS_PORT,
    host: config.HOST,
    metrics,
    metricsToken: config.METRICS_TOKEN,
    monitor,
    isShuttingDown: () => stopping,
  });
  logger.info(
    { concurrency: config.WORKER_CONCURRENCY, opsUrl: `http://localhost:${ops.port}`, opsPort: ops.port },
    "worker started",
  );

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
      monitor.stop();
      await worker.stop();
      await queue.close();
      await bus.close();
      dependencies.close();
      await ops.close();
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
