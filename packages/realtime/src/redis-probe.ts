import { reconnectDelay } from "@pulse/redis-retry";
import { Redis } from "ioredis";

/** A PING for readiness checks, on a connection of its own that no request or subscriber depends on. */
export interface RedisProbe {
  /** Resolves when Redis answers; rejects at once while the connection is down (with the reason it went down). */
  ping(): Promise<void>;
  close(): void;
}

const isReady = (redis: Redis) => redis.status === "ready";

/** Resolves once the connection attempt in progress succeeds or fails, leaving no listener behind. */
function attemptSettled(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      redis.off("ready", settle).off("error", settle);
      resolve();
    };
    redis.on("ready", settle).on("error", settle);
  });
}

/**
 * Connects on the first ping, then keeps reconnecting in the background. Never queues a command while Redis is
 * away: a check must say "down" now, not when Redis comes back. The error of the last failed connection attempt
 * (ECONNREFUSED, ETIMEDOUT…) is what a ping rejects with meanwhile.
 */
export function createRedisProbe(url: string, options: { connectTimeoutMs: number }): RedisProbe {
  let client: Redis | undefined;
  let lastError: unknown;
  const connection = () => {
    if (client) return client;
    client = new Redis(url, {
      connectionName: "pulse-readiness-probe",
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.connectTimeoutMs,
      retryStrategy: reconnectDelay,
    });
    client.on("error", (error: unknown) => {
      lastError = error;
    });
    client.on("ready", () => {
      lastError = undefined;
    });
    return client;
  };
  return {
    async ping() {
      const redis = connection();
      // Just created or in the middle of an attempt: wait for its outcome (the caller bounds the wait).
      if (redis.status === "wait" || redis.status === "connecting" || redis.status === "connect") {
        await attemptSettled(redis);
      }
      if (!isReady(redis)) throw lastError ?? new Error(`Redis connection ${redis.status}`);
      await redis.ping();
    },
    close() {
      client?.disconnect();
    },
  };
}
