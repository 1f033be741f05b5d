import { DEMO_PASSWORD, DEMO_USERNAME } from "@pulse/api/demo";
import { type PulseServer, startPulseServer } from "./app";
import { loadConfigOrExit } from "./load-config";
import { createLogger } from "./logger";

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);

  const closeAndExit = (server: PulseServer) =>
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  let server: PulseServer | undefined;
  let stopping = false;
  // Handled from the first moment, not only once listening: a supervisor's SIGTERM during the start (migrations,
  // seeding) then stops the process once it is up, within the same hard limit, instead of killing it mid-migration.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const hardStop = setTimeout(() => {
      logger.error("graceful shutdown timed out");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    hardStop.unref();
    if (server) void closeAndExit(server);
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));

  server = await startPulseServer({ config, logger });
  if (stopping) {
    await closeAndExit(server);
    return;
  }
  // The banner goes to stderr so stdout stays pure JSON logs.
  const demo = config.SEED_DEMO ? `\n  Demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD}` : "";
  process.stderr.write(`\n  Pulse is running at ${server.url} (${config.mode} mode)${demo}\n\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
