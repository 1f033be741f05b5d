import type { Config } from "@pulse/config";
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
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
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
