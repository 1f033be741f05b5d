import { type Database, sql } from "@pulse/db";
import { createRedisProbe } from "@pulse/realtime";
import type { DependencyCheck } from "./dependency-monitor";

export interface DependencyChecks {
  checks: Record<string, DependencyCheck>;
  /** Drops the probe's Redis connection. */
  close(): void;
}

/**
 * The checks of a Pulse process: PostgreSQL (`select 1` through the process's own pool, so a full or stalled pool
 * shows) and, when configured, Redis (PING on a probe connection of its own: the bus and queue connections queue or
 * refuse commands in ways a readiness check must not inherit).
 */
export function dependencyChecks(db: Database, redisUrl: string | undefined, timeoutMs: number): DependencyChecks {
  const probe = redisUrl ? createRedisProbe(redisUrl, { connectTimeoutMs: timeoutMs }) : undefined;
  return {
    checks: {
      postgres: () => db.execute(sql`select 1`),
      ...(probe ? { redis: () => probe.ping() } : {}),
    },
    close: () => probe?.close(),
  };
}
