import { TRPCError } from "@trpc/server";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface AuthRateLimitOptions {
  /** Signup + login attempts per client IP per minute. */
  perIpPerMinute?: number;
  /** Login attempts per username per 15 minutes (guessing one account's password). */
  perUsernamePer15Minutes?: number;
}

export interface AuthRateLimits {
  /** Throws TOO_MANY_REQUESTS when the IP or (if given) the username is over its budget. */
  consume(ip: string, username?: string): Promise<void>;
}

/**
 * In-memory limiters: correct for one instance. Distributed deployments pass Redis-backed limiters
 * (rate-limiter-flexible's RateLimiterRedis has the same interface) through `createAuthRateLimitsFrom`.
 */
export function createAuthRateLimits(options: AuthRateLimitOptions = {}): AuthRateLimits {
  return createAuthRateLimitsFrom(
    new RateLimiterMemory({ keyPrefix: "auth-ip", points: options.perIpPerMinute ?? 30, duration: 60 }),
    new RateLimiterMemory({ keyPrefix: "auth-user", points: options.perUsernamePer15Minutes ?? 10, duration: 15 * 60 }),
  );
}

type Limiter = Pick<RateLimiterMemory, "consume">;

export function createAuthRateLimitsFrom(perIp: Limiter, perUsername: Limiter): AuthRateLimits {
  return {
    async consume(ip, username) {
      try {
        await perIp.consume(ip);
        if (username) await perUsername.consume(username);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `Too many attempts; retry in ${retryAfterSeconds} s`,
        });
      }
    },
  };
}
