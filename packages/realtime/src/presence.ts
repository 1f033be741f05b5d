import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { closeConnection, publisherOptions } from "./redis-connections";

/** One instance's connections: per signed-in user, plus those not (yet) tied to a user. */
export interface LocalConnections {
  perUser: ReadonlyMap<string, number>;
  anonymous: number;
}

export interface ConnectionTotals {
  /** Distinct signed-in users with at least one connection. */
  activeUsers: number;
  /** Connections of signed-in users. */
  totalUserConnections: number;
  /** Connections not tied to a user (anonymous sockets). */
  globalConnections: number;
  totalConnections: number;
}

/** Connection statistics summed over every live instance. */
export interface PresenceRegistry {
  /**
   * Says this instance's connections changed; `read` is called only when they are written (coalesced), so a burst
   * of connects costs one snapshot, not one per connect.
   */
  report(read: () => LocalConnections): void;
  totals(): Promise<ConnectionTotals>;
  close(): Promise<void>;
}

function totalsOf(instances: Iterable<LocalConnections>): ConnectionTotals {
  const users = new Set<string>();
  let totalUserConnections = 0;
  let globalConnections = 0;
  for (const instance of instances) {
    for (const [userId, count] of instance.perUser) {
      if (count <= 0) continue;
      users.add(userId);
      totalUserConnections += count;
    }
    globalConnections += instance.anonymous;
  }
  return {
    activeUsers: users.size,
    totalUserConnections,
    globalConnections,
    totalConnections: totalUserConnections + globalConnections,
  };
}

export function createInProcessPresence(): PresenceRegistry {
  let read = (): LocalConnections => ({ perUser: new Map(), anonymous: 0 });
  return {
    report(reader) {
      read = reader;
    },
    totals: async () => totalsOf([read()]),
    async close() {},
  };
}

const INSTANCES_KEY = "pulse:presence:instances";
const instanceKey = (id: string) => `pulse:presence:${id}`;
const ANONYMOUS_FIELD = "~anonymous";

export interface RedisPresenceOptions {
  url: string;
  /** Every instance rewrites its snapshot this often; an instance silent for 3 heartbeats is considered gone. */
  heartbeatMs?: number;
  /** Changes are written at most this often. */
  coalesceMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Each instance keeps a hash (user id → connections, plus the anonymous count) that it rewrites on change and on
 * every heartbeat, with a TTL of three heartbeats; a sorted set names the instances by last heartbeat. A crashed
 * instance therefore drops out of the totals by itself, and a missed write heals at the next heartbeat.
 */
export async function createRedisPresence(options: RedisPresenceOptions): Promise<PresenceRegistry> {
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const coalesceMs = options.coalesceMs ?? 100;
  const instanceId = randomUUID();
  const redis = new Redis(options.url, { ...publisherOptions(2_000), connectionName: "pulse-presence" });
  await redis.connect();
  let read = (): LocalConnections => ({ perUser: new Map(), anonymous: 0 });
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const write = async () => {
    pending = undefined;
    const latest = read();
    const fields: Record<string, number> = { [ANONYMOUS_FIELD]: latest.anonymous };
    for (const [userId, count] of latest.perUser) if (count > 0) fields[userId] = count;
    await redis
      .multi()
      .del(instanceKey(instanceId))
      .hset(instanceKey(instanceId), fields)
      .pexpire(instanceKey(instanceId), heartbeatMs * 3)
      .zadd(INSTANCES_KEY, Date.now(), instanceId)
      .exec()
      .catch((error: unknown) => options.onError?.(error));
  };
  const schedule = () => {
    if (!pending && !closed) pending = setTimeout(() => void write(), coalesceMs);
  };
  // A Redis restart loses every instance's hash: write ours again as soon as the connection is back.
  redis.on("ready", schedule);
  redis.on("error", (error: unknown) => options.onError?.(error));
  const heartbeat = setInterval(() => void write(), heartbeatMs);
  heartbeat.unref();
  await write();

  return {
    report(reader) {
      read = reader;
      schedule();
    },
    async totals() {
      const now = Date.now();
      await redis.zremrangebyscore(INSTANCES_KEY, "-inf", String(now - heartbeatMs * 3));
      const instances = await redis.zrange(INSTANCES_KEY, "0", "-1");
      const pipeline = redis.pipeline();
      for (const id of instances) pipeline.hgetall(instanceKey(id));
      const replies = (await pipeline.exec()) ?? [];
      return totalsOf(
        replies.map(([, hash]) => {
          const entries = Object.entries((hash ?? {}) as Record<string, string>);
          return {
            perUser: new Map(
              entries.filter(([field]) => field !== ANONYMOUS_FIELD).map(([field, count]) => [field, Number(count)]),
            ),
            anonymous: Number(entries.find(([field]) => field === ANONYMOUS_FIELD)?.[1] ?? 0),
          };
        }),
      );
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(pending);
      // Leave the totals at once rather than after the TTL.
      await redis
        .multi()
        .del(instanceKey(instanceId))
        .zrem(INSTANCES_KEY, instanceId)
        .exec()
        .catch(() => {});
      await closeConnection(redis, 1_000);
    },
  };
}
