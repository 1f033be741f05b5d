import { ConfigError, loadConfig } from "@pulse/config";
import { startPulseServer } from "./app";
import { DEMO_PASSWORD, DEMO_USERNAME } from "./demo/community";
import { createLogger } from "./logger";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startPulseServer({ config, logger });

  // The banner goes to stderr so stdout stays pure JSON logs.
  const demo = config.SEED_DEMO ? `\n  Demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD}` : "";
  process.stderr.write(`\n  Pulse is running at ${server.url} (${config.mode} mode)${demo}\n\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    const hardStop = setTimeout(() => {
      logger.error("graceful shutdown timed out");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    hardStop.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
