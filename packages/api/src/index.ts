import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { readSessionCookie, SESSION_COOKIE } from "./auth/cookie";
export {
  dummyPasswordHash,
  FAST_TEST_SCRYPT_PARAMS,
  hashPassword,
  OWASP_SCRYPT_PARAMS,
  setScryptParams,
  verifyPassword,
} from "./auth/password";
export {
  type AuthRateLimitOptions,
  type AuthRateLimits,
  createAuthRateLimits,
  type LoginAttempt,
} from "./auth/rate-limits";
export { createSessionCache, type SessionCache } from "./auth/session-cache";
export { createSession } from "./auth/sessions";
export { type ApiDeps, type Context, createContext, type RequestMeta } from "./context";
export { type FeedEvent, type FeedMessage, fanOutTweet } from "./feed/feed";
export { type ConnectionLimits, createConnectionLimits } from "./limits/connection-limits";
export {
  createUserRateLimit,
  createUserRateLimitFrom,
  type UserRateLimit,
  type UserRateLimitKind,
  type UserRateLimitOptions,
} from "./limits/user-rate-limit";
export { type SerializedError, serializeError } from "./logging/error-serializer";
export { createServiceLogger } from "./logging/service-logger";
export type { MatchFault } from "./match/processor";
export { createJobProcessors, type JobProcessorDeps } from "./processors";
export { type AppRouter, appRouter } from "./root";
export { createNotification } from "./social/notifications";
export { extractMentions, extractTopics } from "./social/text";
export {
  computeTrendingTopics,
  rankTopics,
  runTrendingComputation,
  type TrendingSnapshot,
  type TrendingTopic,
  trendOf,
} from "./trending/trending";
export { createCallerFactory } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
