import type { Config } from "@pulse/config";
import { reconnectDelay } from "@pulse/redis-retry";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { WsLimits } from "./ws-guard";

/** The WebSocket limits the configuration selects (README: Configuration). */
export function wsLimitsFrom(config: Config): WsLimits {
  return {
    pingMs: config.WS_PING_MS,
    pongWaitMs: config.WS_PONG_WAIT_MS,
    authDeadlineMs: config.WS_AUTH_DEADLINE_MS,
    maxConnectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    maxSubscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxMessagesPerSecond: config.WS_MAX_MESSAGES_PER_SECOND,
    messageBurst: config.WS_MESSAGE_BURST,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    // @trpc/client's wsLink sends every call queued in one tick as one frame, and on reconnect re-sends all of a
    // socket's live subscriptions in one frame: a cap below the subscriptions a socket may hold would refuse a
    // legitimate resubscription (the web app holds ~27). The token bucket bounds a frame's calls as well.
    maxBatchSize: Math.max(config.TRPC_MAX_BATCH_SIZE, config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION),
    maxAnonymousPerIp: config.WS_MAX_ANONYMOUS_PER_IP,
    maxAnonymousConnections: config.WS_MAX_ANONYMOUS_CONNECTIONS,
  };
}

/**
 * The Redis connection of the shared per-user mutation budget. It sits in every mutation's path, so it fails at
 * once while Redis is away (no offline queue, no retries, a command timeout): the limiter then falls back to its
 * in-memory budget instead of failing the mutation or making it wait.
 */
export function connectRateLimitRedis(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    connectionName: "pulse-rate-limits",
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    retryStrategy: reconnectDelay,
  });
  let ready = false;
  client.on("ready", () => {
    ready = true;
  });
  client.on("close", () => {
    if (ready) logger.warn("rate-limit Redis connection lost; limiting per instance until it is back");
    ready = false;
  });
  // Reported through "close"; without a listener ioredis would print every reconnect error.
  client.on("error", (error) => logger.debug({ err: error }, "rate-limit Redis error"));
  return client;
}
