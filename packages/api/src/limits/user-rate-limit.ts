import type { ApiMetrics } from "@pulse/metrics";
import { TRPCError } from "@trpc/server";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/**
 * A per-user budget per minute, over HTTP and WebSocket alike: mutations, queries and subscription starts each
 * draw from their own (MUTATIONS_/QUERIES_/SUBSCRIPTIONS_PER_USER_PER_MINUTE).
 */
export interface UserRateLimit {
  /** Throws TOO_MANY_REQUESTS when the user is over the budget. */
  consume(userId: string): Promise<void>;
}

/** What a budget counts: names its Redis keys and the refusal's message. */
export type UserRateLimitKind = "mutations" | "queries" | "subscriptions";

const refusalOf: Record<UserRateLimitKind, string> = {
  mutations: "Too many changes in a short time",
  queries: "Too many requests in a short time",
  subscriptions: "Too many subscriptions started in a short time",
};

export interface UserRateLimitOptions {
  kind: UserRateLimitKind;
  perMinute: number;
  /**
   * An ioredis client: the budget is then shared by every instance. While Redis is unreachable each instance
   * falls back to its own in-memory budget rather than failing or waiting.
   */
  redis?: object | undefined;
  /** Counts refusals by kind; absent → not counted. */
  metrics?: Pick<ApiMetrics, "rateLimitRejected"> | undefined;
}

type Limiter = Pick<RateLimiterMemory, "consume">;

/**
 * The library's default script runs SET NX, INCRBY and PTTL on every mutation (four commands with the EVALSHA).
 * This one runs INCRBY, plus EXPIRE when it opened the window and PTTL only when it refuses (the retry delay is
 * needed then and only then) — two commands per accepted mutation. Same fixed-window semantics; ARGV is the
 * library's (points, window seconds, budget, window seconds). An accepted call reports -1 ms "before next", which
 * nothing reads.
 */
const incrementScript = `
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
if consumed == tonumber(ARGV[1]) then
  redis.call('expire', KEYS[1], ARGV[2])
  return {consumed, 1000 * tonumber(ARGV[2])}
end
if consumed > tonumber(ARGV[3]) then return {consumed, redis.call('pttl', KEYS[1])} end
return {consumed, -1}`;

export function createUserRateLimit({ kind, perMinute, redis, metrics }: UserRateLimitOptions): UserRateLimit {
  const options = { keyPrefix: `pulse-${kind}`, points: perMinute, duration: 60 };
  const memory = new RateLimiterMemory(options);
  return createUserRateLimitFrom(
    kind,
    redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
          customIncrTtlLuaScript: incrementScript,
        })
      : memory,
    metrics,
  );
}

export function createUserRateLimitFrom(
  kind: UserRateLimitKind,
  limiter: Limiter,
  metrics?: Pick<ApiMetrics, "rateLimitRejected">,
): UserRateLimit {
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        metrics?.rateLimitRejected(kind);
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `${refusalOf[kind]}; retry in ${retryAfterSeconds} s`,
        });
      }
    },
  };
}
