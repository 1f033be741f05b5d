import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import {
  type ApiDeps,
  createAuthRateLimits,
  createSessionCache,
  createUserRateLimit,
  usePasswordHashing,
} from "@pulse/api";
import { seedDemoCommunity, startDemoActivity } from "@pulse/api/demo";
import type { Config } from "@pulse/config";
import { createDatabase } from "@pulse/db";
import { createJobQueue } from "@pulse/jobs";
import { createPulseMetrics } from "@pulse/metrics";
import {
  createEventBus,
  createInProcessPresence,
  createInProcessTypingStore,
  createRedisPresence,
  createRedisTypingStore,
  revokedSessionsChannel,
} from "@pulse/realtime";
import {
  createDependencyMonitor,
  dependencyChecks,
  retryPolicyFrom,
  startWorker,
  workerJobSettingsFrom,
} from "@pulse/worker-runtime";
import type { Logger } from "pino";
import { withAccessLog } from "./http-access-log";
import { createHttpHandler } from "./http-handler";
import { SessionSockets } from "./session-sockets";
import { sweepEndedSessions } from "./session-sweep";
import { connectRateLimitRedis, wsLimitsFrom } from "./ws-limits";
import { attachWsServer } from "./ws-server";

const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

export interface PulseServerOptions {
  config: Config;
  logger: Logger;
}

/** Composes one Pulse server process: database, router, HTTP + WebSocket on one port, and (embedded) the worker. */
export async function startPulseServer({ config, logger }: PulseServerOptions) {
  usePasswordHashing(config.PASSWORD_HASHING);
  const database = config.DATABASE_URL
    ? createDatabase({
        driver: "postgres",
        url: config.DATABASE_URL,
        poolSize: config.DATABASE_POOL_SIZE,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        // Logged, never thrown: the pool replaces the connection and the request fails as unavailable (503).
        onConnectionError: (error) => logger.warn({ err: error }, "database connection lost"),
      })
    : createDatabase({ driver: "pglite", dataDir: config.DATA_DIR });
  if (config.MIGRATE_ON_START) {
    await database.migrate();
    logger.info({ driver: database.driver }, "database migrated");
  }

  // This process's metrics, in a registry of its own (several servers may share a test process).
  const metrics = createPulseMetrics();
  const bus = await createEventBus({
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    onError: (error) => logger.warn({ err: error }, "event bus error"),
    metrics,
  });
  const seeded = config.SEED_DEMO ? await seedDemoCommunity({ db: database.db, bus, logger }) : 0;
  if (seeded > 0) logger.info({ users: seeded }, "seeded the demo community");
  const typing = config.REDIS_URL
    ? await createRedisTypingStore(config.REDIS_URL, Date.now, (error) =>
        logger.debug({ err: error }, "typing store connection error"),
      )
    : createInProcessTypingStore();
  const presence = config.REDIS_URL
    ? await createRedisPresence({
        url: config.REDIS_URL,
        onError: (error) => logger.warn({ err: error }, "presence write failed"),
      })
    : createInProcessPresence();

  // Distributed: one budget per user across instances (in-memory per instance while Redis is away).
  const rateLimitRedis = config.REDIS_URL ? connectRateLimitRedis(config.REDIS_URL, logger) : undefined;
  const sessionSockets = new SessionSockets();
  const sessionCache = createSessionCache(database.db, { ttlMs: config.SESSION_CACHE_MS, metrics });
  const stopRevocations = await bus.subscribe(revokedSessionsChannel(), ({ sessionId }) => {
    sessionCache.forget(sessionId);
    sessionSockets.closeSession(sessionId);
  });
  // Distributed: BullMQ, consumed by the worker processes; otherwise the in-process runner of the worker below.
  const distributed = config.mode === "distributed";
  const jobs = createJobQueue({
    redisUrl: distributed ? config.REDIS_URL : undefined,
    logger,
    retry: retryPolicyFrom(config),
  });
  const deps: ApiDeps = {
    db: database.db,
    bus,
    jobs,
    trendingWindowMs: config.TRENDING_WINDOW_MS,
    typing,
    presence,
    maxReplay: config.REPLAY_LIMIT,
    logger,
    authRateLimits: createAuthRateLimits({ redis: rateLimitRedis, metrics }),
    sessionCache,
    metrics,
    mutationRateLimit: createUserRateLimit({
      kind: "mutations",
      perMinute: config.MUTATIONS_PER_USER_PER_MINUTE,
      redis: rateLimitRedis,
      metrics,
    }),
    queryRateLimit: createUserRateLimit({
      kind: "queries",
      perMinute: config.QUERIES_PER_USER_PER_MINUTE,
      redis: rateLimitRedis,
      metrics,
    }),
    subscriptionRateLimit: createUserRateLimit({
      kind: "subscriptions",
      perMinute: config.SUBSCRIPTIONS_PER_USER_PER_MINUTE,
      redis: rateLimitRedis,
      metrics,
    }),
    sessionTtlMs: config.SESSION_TTL_HOURS * 60 * 60 * 1000,
    cookieSecure: config.COOKIE_SECURE,
    onSessionRevoked: (sessionId) => {
      sessionSockets.closeSession(sessionId);
      // Other instances may hold sockets of the same session.
      bus.publish(revokedSessionsChannel(), { sessionId }).catch((error: unknown) => {
        logger.warn(
          { err: error },
          "could not broadcast a logout; other instances close its sockets at their next sweep",
        );
      });
    },
  };

  const sessionSweep = setInterval(() => {
    sweepEndedSessions(database.db, sessionSockets).catch((error: unknown) =>
      logger.warn({ err: error }, "session sweep failed"),
    );
  }, config.SESSION_SWEEP_MS);
  sessionSweep.unref();

  let shuttingDown = false;
  const dependencies = dependencyChecks(database.db, config.REDIS_URL, config.READINESS_TIMEOUT_MS);
  const monitor = createDependencyMonitor({
    checks: dependencies.checks,
    timeoutMs: config.READINESS_TIMEOUT_MS,
    logger,
    metrics,
    // Redis answers, but live events wait for the subscriber's reconnect and resync: serving, degraded.
    degradedReasons: () => (bus.subscriberConnected ? [] : ["event bus subscriber reconnecting"]),
  });
  monitor.start();
  const server = createServer(
    withAccessLog(
      logger,
      createHttpHandler({
        deps,
        trustProxy: config.TRUST_PROXY,
        maxBatchSize: config.TRPC_MAX_BATCH_SIZE,
        allowedOrigins: config.ALLOWED_ORIGINS,
        webDistDir: config.WEB_DIST_DIR ?? defaultWebDistDir,
        readiness: () => monitor.readiness(shuttingDown),
        metrics: { metrics, token: config.METRICS_TOKEN },
      }),
    ),
  );
  const ws = attachWsServer({
    server,
    deps,
    sessionSockets,
    allowedOrigins: config.ALLOWED_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    limits: wsLimitsFrom(config),
    onConnectionsChange: (read) => presence.report(read),
    metrics,
  });
  // Embedded (not distributed) there is no other process to run jobs: the worker lives here.
  const worker = distributed
    ? undefined
    : await startWorker({
        db: database.db,
        logger: logger.child({ component: "worker" }),
        jobs: {
          queue: jobs,
          bus,
          ...workerJobSettingsFrom(config),
        },
        metrics,
      });

  // Embedded development with the demo seeded: demo users act now and then, so a newcomer sees Pulse move.
  const demoActivity =
    config.SEED_DEMO && config.DEMO_ACTIVITY_MS > 0
      ? startDemoActivity(deps, { intervalMs: config.DEMO_ACTIVITY_MS })
      : undefined;

  server.listen(config.PORT, config.HOST);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, port }, "listening");

  return {
    url,
    port,
    seeded,
    /** The demo community's background activity (DEMO_ACTIVITY_MS), when it runs. */
    demoActivity,
    database,
    bus,
    get connectionCount() {
      return ws.connectionCount;
    },
    /** This instance's WebSocket connections by user (`connections.stats()`), for `stats.connections`. */
    connections: ws.registry,
    /** Connections the server ended, by reason: close code names, DEAD_PEER, CLOSE_TIMEOUT. */
    wsCloses: ws.closes,
    /** This process's metrics (what /metrics serves). */
    metrics,
    /** The dependency checks behind /readyz. */
    monitor,
    /** Graceful stop: refuse new work, ask WebSocket clients to reconnect elsewhere, drain, close the database. */
    async close(): Promise<void> {
      if (shuttingDown) return;
      shuttingDown = true;
      monitor.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ws.close();
      server.closeIdleConnections();
      await closed;
      await demoActivity?.stop();
      await worker?.stop();
      await jobs.close();
      clearInterval(sessionSweep);
      await stopRevocations();
      await typing.close();
      await presence.close();
      await bus.close();
      rateLimitRedis?.disconnect();
      dependencies.close();
      await database.close();
      logger.info("stopped");
    },
  };
}

export type PulseServer = Awaited<ReturnType<typeof startPulseServer>>;
