import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type ApiDeps, createAuthRateLimits } from "@pulse/api";
import type { Config } from "@pulse/config";
import { createDatabase, sql } from "@pulse/db";
import { createEventBus, createInProcessTypingStore, createRedisTypingStore } from "@pulse/realtime";
import { startWorker } from "@pulse/worker";
import type { Logger } from "pino";
import { seedDemoCommunity } from "./demo/seed";
import { createHttpHandler } from "./http-handler";
import { SessionSockets } from "./session-sockets";
import { attachWsServer } from "./ws-server";

const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

export interface PulseServerOptions {
  config: Config;
  logger: Logger;
  /** Overrides of the WebSocket keep-alive, for tests. */
  keepAlive?: { pingMs: number; pongWaitMs: number };
}

/** Composes one Pulse server process: database, router, HTTP + WebSocket on one port, and (embedded) the worker. */
export async function startPulseServer({ config, logger, keepAlive }: PulseServerOptions) {
  const database = config.DATABASE_URL
    ? createDatabase({ driver: "postgres", url: config.DATABASE_URL })
    : createDatabase({ driver: "pglite", dataDir: config.DATA_DIR });
  await database.migrate();
  logger.info({ driver: database.driver }, "database migrated");

  const seeded = config.SEED_DEMO ? await seedDemoCommunity(database.db) : 0;
  if (seeded > 0) logger.info({ users: seeded }, "seeded the demo community");

  const bus = await createEventBus({
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    onError: (error) => logger.warn({ err: error }, "event bus error"),
  });
  const typing = config.REDIS_URL ? await createRedisTypingStore(config.REDIS_URL) : createInProcessTypingStore();

  const sessionSockets = new SessionSockets();
  const deps: ApiDeps = {
    db: database.db,
    bus,
    typing,
    maxReplay: config.REPLAY_LIMIT,
    logger,
    authRateLimits: createAuthRateLimits(),
    sessionTtlMs: config.SESSION_TTL_HOURS * 60 * 60 * 1000,
    cookieSecure: config.COOKIE_SECURE,
    onSessionRevoked: (sessionId) => sessionSockets.closeSession(sessionId),
  };

  let shuttingDown = false;
  const server = createServer(
    createHttpHandler({
      deps,
      trustProxy: config.TRUST_PROXY,
      webDistDir: config.WEB_DIST_DIR ?? defaultWebDistDir,
      isReady: async () => {
        if (shuttingDown) return false;
        await database.db.execute(sql`select 1`);
        return true;
      },
    }),
  );
  const ws = attachWsServer({
    server,
    deps,
    sessionSockets,
    allowedOrigins: config.ALLOWED_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    ...(keepAlive ? { keepAlive } : {}),
  });
  // Without REDIS_URL there is no other process to run jobs: the worker lives here.
  const worker = config.REDIS_URL
    ? undefined
    : startWorker({ db: database.db, logger: logger.child({ component: "worker" }) });

  server.listen(config.PORT, config.HOST);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, port }, "listening");

  return {
    url,
    port,
    seeded,
    database,
    bus,
    get connectionCount() {
      return ws.connectionCount;
    },
    /** Graceful stop: refuse new work, ask WebSocket clients to reconnect elsewhere, drain, close the database. */
    async close(): Promise<void> {
      if (shuttingDown) return;
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ws.close();
      server.closeIdleConnections();
      await closed;
      await worker?.stop();
      await typing.close();
      await bus.close();
      await database.close();
      logger.info("stopped");
    },
  };
}

export type PulseServer = Awaited<ReturnType<typeof startPulseServer>>;
