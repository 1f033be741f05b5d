import { createDatabase } from "@pulse/db";
import { loadConfigOrExit } from "./load-config";
import { createLogger } from "./logger";

/**
 * Applies the committed migrations and exits: `npm run migrate` / `node apps/server/dist/migrate.js`. Lets a deploy
 * run DDL once, as a role that owns the schema, before servers and workers start with MIGRATE_ON_START=false.
 * Safe to run while other migrators run (they serialize on an advisory lock) and when there is nothing to do.
 */
async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL).child({ component: "migrate" });
  const database = config.DATABASE_URL
    ? createDatabase({
        driver: "postgres",
        url: config.DATABASE_URL,
        poolSize: 1,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      })
    : createDatabase({ driver: "pglite", dataDir: config.DATA_DIR });
  const started = performance.now();
  try {
    await database.migrate();
    logger.info({ driver: database.driver, ms: Math.round(performance.now() - started) }, "database migrated");
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
