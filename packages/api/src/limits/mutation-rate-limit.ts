import { TRPCError } from "@trpc/server";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** Every mutation of a signed-in user, over HTTP and WebSocket alike, draws from one budget per user. */
export interface MutationRateLimit {
  /** Throws TOO_MANY_REQUESTS when the user is over the budget. */
  consume(userId: string): Promise<void>;
}

export interface MutationRateLimitOptions {
  perMinute: number;
  /**
   * An ioredis client: the budget is then shared by every instance. While Redis is unreachable each instance
   * falls back to its own in-memory budget rather than failing or waiting.
   */
  redis?: object | undefined;
}

type Limiter = Pick<RateLimiterMemory, "consume">;

export function createMutationRateLimit({ perMinute, redis }: MutationRateLimitOptions): MutationRateLimit {
  const options = { keyPrefix: "pulse-mutations", points: perMinute, duration: 60 };
  const memory = new RateLimiterMemory(options);
  return createMutationRateLimitFrom(
    redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory })
      : memory,
  );
}

export function createMutationRateLimitFrom(limiter: Limiter): MutationRateLimit {
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `Too many changes in a short time; retry in ${retryAfterSeconds} s`,
        });
      }
    },
  };
}
