import { ConfigError, loadConfig } from "@pulse/config";
import { createDatabase } from "@pulse/db";
import pino from "pino";
import { startWorker } from "./worker";

// A standalone worker process for distributed mode (DATABASE_URL set); embedded mode runs it inside the server.
async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: "pulse-worker" } });
  if (!config.DATABASE_URL) {
    logger.fatal("the standalone worker needs DATABASE_URL; embedded mode runs the worker inside the server");
    process.exit(1);
  }
  const database = createDatabase({ driver: "postgres", url: config.DATABASE_URL });
  await database.migrate();
  const worker = startWorker({ db: database.db, logger });
  logger.info("worker started");
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker stopping");
    const hardStop = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS);
    hardStop.unref();
    await worker.stop();
    await database.close();
    process.exit(0);
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
