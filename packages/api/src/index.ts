import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

// What the apps need to serve the router (apps/server), run its jobs (@pulse/worker-runtime) and measure it
// (apps/bench); clients need only the types. The demo community is `@pulse/api/demo`, test helpers `@pulse/api/testing`.
export { readSessionCookie, SESSION_COOKIE } from "./auth/cookie";
export { usePasswordHashing } from "./auth/password";
export { createAuthRateLimits } from "./auth/rate-limits";
export { createSessionCache } from "./auth/session-cache";
export { channels } from "./channels";
export { type ApiDeps, type Context, createContext, type RequestMeta } from "./context";
export { type ConnectionLimits, createConnectionLimits } from "./limits/connection-limits";
export { createUserRateLimit } from "./limits/user-rate-limit";
export { serializeError } from "./logging/error-serializer";
export { createServiceLogger } from "./logging/service-logger";
export type { MatchFault } from "./match/processor";
export { createJobProcessors } from "./processors";
export { type AppRouter, appRouter } from "./root";
export {
  computeTrendingTopics,
  rankTopics,
  runTrendingComputation,
  type TrendingSnapshot,
  type TrendingTopic,
  trendOf,
} from "./trending/trending";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
