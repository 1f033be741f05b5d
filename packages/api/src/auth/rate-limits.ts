import type { ApiMetrics } from "@pulse/metrics";
import { TRPCError } from "@trpc/server";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/**
 * rate-limiter-flexible's "login endpoint protection": only failures count against an account, and they count per
 * IP+username pair, so someone else's guesses never lock the owner out. A username guessed from many addresses is
 * slowed down, not locked: only pairs that have failed a few times are refused while it is targeted.
 */
export interface AuthRateLimitOptions {
  /** Sign-up and login attempts per client IP per minute, whatever their outcome: bounds scrypt work per address. */
  perIpPerMinute?: number;
  /** Failed logins per client IP per day; past it the address is refused until the day's window ends. */
  failuresPerIpPerDay?: number;
  /** Consecutive failed logins per IP+username pair; reaching it refuses the pair for an hour. A success resets it. */
  failuresPerPair?: number;
  /** Failed logins of one username per hour from any address, past which the username counts as targeted. */
  failuresPerUsernamePerHour?: number;
  /** While a username is targeted, a pair with this many failures is refused (fresh pairs still get to try). */
  pairFailuresWhileTargeted?: number;
  /** ioredis client: the counts are then shared by every instance, with an in-memory fallback while it is down. */
  redis?: object | undefined;
  /** Counts refused attempts (limit `login`/`signup`) and wrong credentials; absent → not counted. */
  metrics?: Pick<ApiMetrics, "rateLimitRejected" | "authRejected"> | undefined;
}

/** One admitted login: report its outcome. */
export interface LoginAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

export interface AuthRateLimits {
  /** Throws TOO_MANY_REQUESTS when the address is over its attempt budget. Sign-ups never count against a name. */
  admitSignup(ip: string): Promise<void>;
  /** Throws TOO_MANY_REQUESTS, before any password is checked, when the address or the pair is over budget. */
  admitLogin(ip: string, username: string): Promise<LoginAttempt>;
}

type Limiter = Pick<RateLimiterMemory, "consume" | "get" | "delete" | "block">;

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PAIR_BLOCK_SECONDS = HOUR;

function createLimiter(keyPrefix: string, points: number, duration: number, redis: object | undefined): Limiter {
  const options = { keyPrefix: `pulse-auth-${keyPrefix}`, points, duration };
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

function tooManyAttempts(msBeforeNext: number): TRPCError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many attempts; retry in ${retryAfterSeconds} s` });
}

/** A limiter refusal becomes TOO_MANY_REQUESTS; anything else (a store error without insurance) propagates. */
function refusal(error: unknown): never {
  if (error instanceof RateLimiterRes) throw tooManyAttempts(error.msBeforeNext);
  throw error;
}

/** Counts a TOO_MANY_REQUESTS refusal under `limit` on its way out. */
function counted(limit: "login" | "signup", metrics: AuthRateLimitOptions["metrics"]) {
  return (error: unknown): never => {
    if (error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS") metrics?.rateLimitRejected(limit);
    throw error;
  };
}

export function createAuthRateLimits(options: AuthRateLimitOptions = {}): AuthRateLimits {
  const failuresPerIpPerDay = options.failuresPerIpPerDay ?? 100;
  const failuresPerPair = options.failuresPerPair ?? 10;
  const failuresPerUsernamePerHour = options.failuresPerUsernamePerHour ?? 10;
  const pairFailuresWhileTargeted = options.pairFailuresWhileTargeted ?? 3;
  const attempts = createLimiter("ip-attempts", options.perIpPerMinute ?? 30, MINUTE, options.redis);
  const ipFailures = createLimiter("ip-failures", failuresPerIpPerDay, DAY, options.redis);
  // The window only bounds how long a forgotten count lingers; a success deletes it.
  const pairFailures = createLimiter("pair-failures", failuresPerPair, DAY, options.redis);
  const usernameFailures = createLimiter("username-failures", failuresPerUsernamePerHour, HOUR, options.redis);

  const { metrics } = options;
  return {
    async admitSignup(ip) {
      await attempts.consume(ip).catch(refusal).catch(counted("signup", metrics));
    },

    admitLogin(ip, username) {
      return admitLogin(ip, username).catch(counted("login", metrics));
    },
  };

  async function admitLogin(ip: string, username: string): Promise<LoginAttempt> {
    // An IP holds no "/", so the pair key is unambiguous whatever the username contains.
    const pair = `${ip}/${username}`;
    const [, byIp, byPair, byUsername] = await Promise.all([
      attempts.consume(ip),
      ipFailures.get(ip),
      pairFailures.get(pair),
      usernameFailures.get(username),
    ]).catch(refusal);
    const pairCount = byPair?.consumedPoints ?? 0;
    if (byIp && byIp.consumedPoints >= failuresPerIpPerDay) throw tooManyAttempts(byIp.msBeforeNext);
    if (byPair && pairCount >= failuresPerPair) throw tooManyAttempts(byPair.msBeforeNext);
    const targeted = byUsername && byUsername.consumedPoints >= failuresPerUsernamePerHour;
    if (targeted && byPair && pairCount >= pairFailuresWhileTargeted) {
      // Until the username's hour ends; the owner's clean pair (or one that succeeded) is never refused here.
      throw tooManyAttempts(byUsername.msBeforeNext);
    }
    return {
      async failed() {
        metrics?.authRejected("invalid_credentials");
        // Over-budget consumes reject but still count: the next admitLogin refuses, this one is UNAUTHORIZED.
        const [failures] = await Promise.allSettled([
          pairFailures.consume(pair),
          ipFailures.consume(ip),
          usernameFailures.consume(username),
        ]).then((results) => results.map(countOf));
        if ((failures ?? 0) >= failuresPerPair) await pairFailures.block(pair, PAIR_BLOCK_SECONDS);
      },
      async succeeded() {
        if (pairCount > 0) await pairFailures.delete(pair);
      },
    };
  }
}

/** The count after a consume, whether it was within budget (fulfilled) or over it (rejected with the result). */
function countOf(result: PromiseSettledResult<RateLimiterRes>): number | undefined {
  if (result.status === "fulfilled") return result.value.consumedPoints;
  if (result.reason instanceof RateLimiterRes) return result.reason.consumedPoints;
  throw result.reason;
}
