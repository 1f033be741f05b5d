import { Redis } from "ioredis";
import { closeConnection, publisherOptions } from "./redis-connections";

export interface TypingUser {
  id: string;
  username: string;
  displayName: string;
}

/**
 * Who is typing in which reply thread: ephemeral (never in the database), each entry expiring on its own.
 * `start` and `stop` answer whether the set of typing users changed, so callers publish only real changes.
 */
export interface TypingStore {
  start(tweetId: string, user: TypingUser, ttlMs: number): Promise<boolean>;
  stop(tweetId: string, userId: string): Promise<boolean>;
  /** Users typing now (soonest to expire first) and when the first of them expires. */
  list(tweetId: string): Promise<{ users: TypingUser[]; nextExpiryAt: number | undefined }>;
  close(): Promise<void>;
}

export function createInProcessTypingStore(now: () => number = Date.now): TypingStore {
  const threads = new Map<string, Map<string, { user: TypingUser; expiresAt: number }>>();
  const live = (tweetId: string) => {
    const thread = threads.get(tweetId);
    if (!thread) return undefined;
    for (const [userId, entry] of thread) if (entry.expiresAt <= now()) thread.delete(userId);
    if (thread.size === 0) threads.delete(tweetId);
    return thread.size ? thread : undefined;
  };
  return {
    async start(tweetId, user, ttlMs) {
      const thread = live(tweetId) ?? new Map();
      threads.set(tweetId, thread);
      const added = !thread.has(user.id);
      thread.set(user.id, { user, expiresAt: now() + ttlMs });
      return added;
    },
    async stop(tweetId, userId) {
      const thread = live(tweetId);
      const removed = thread?.delete(userId) ?? false;
      if (thread?.size === 0) threads.delete(tweetId);
      return removed;
    },
    async list(tweetId) {
      const entries = [...(live(tweetId)?.values() ?? [])];
      const expiries = entries.map((entry) => entry.expiresAt);
      return {
        users: entries.map((entry) => entry.user),
        nextExpiryAt: expiries.length ? Math.min(...expiries) : undefined,
      };
    },
    async close() {
      threads.clear();
    },
  };
}

const key = (tweetId: string) => `pulse:typing:${tweetId}`;
const usersKey = (tweetId: string) => `pulse:typing:${tweetId}:users`;

/** Shared by every instance: a sorted set (member = user id, score = expiry) plus a hash of user details. */
export async function createRedisTypingStore(
  url: string,
  now: () => number = Date.now,
  onError: (error: unknown) => void = () => {},
): Promise<TypingStore> {
  const redis = new Redis(url, { ...publisherOptions(2_000), connectionName: "pulse-typing" });
  // Without a listener ioredis reports connection errors as unhandled; commands still reject to their callers.
  redis.on("error", onError);
  await redis.connect();
  return {
    async start(tweetId, user, ttlMs) {
      const expiresAt = now() + ttlMs;
      const [, added] =
        (await redis
          .multi()
          .zremrangebyscore(key(tweetId), "-inf", now())
          .zadd(key(tweetId), "NX", expiresAt, user.id)
          .zadd(key(tweetId), "XX", expiresAt, user.id)
          .hset(usersKey(tweetId), user.id, JSON.stringify(user))
          // The keys outlive their newest entry by a margin, then vanish by themselves.
          .pexpire(key(tweetId), ttlMs * 2)
          .pexpire(usersKey(tweetId), ttlMs * 2)
          .exec()) ?? [];
      return added?.[1] === 1;
    },
    async stop(tweetId, userId) {
      const [[, removed] = []] =
        (await redis.multi().zrem(key(tweetId), userId).hdel(usersKey(tweetId), userId).exec()) ?? [];
      return removed === 1;
    },
    async list(tweetId) {
      const entries = await redis.zrangebyscore(key(tweetId), `(${now()}`, "+inf", "WITHSCORES");
      const ids = entries.filter((_, index) => index % 2 === 0);
      const details = ids.length ? await redis.hmget(usersKey(tweetId), ...ids) : [];
      const users = details.flatMap((json) => (json ? [JSON.parse(json) as TypingUser] : []));
      const firstExpiry = entries[1];
      return { users, nextExpiryAt: firstExpiry === undefined ? undefined : Number(firstExpiry) };
    },
    close: () => closeConnection(redis, 1_000),
  };
}
