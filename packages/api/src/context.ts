import type { Database } from "@pulse/db";
import type { JobQueue } from "@pulse/jobs";
import type { ApiMetrics } from "@pulse/metrics";
import type { EventBus, PresenceRegistry, TypingStore } from "@pulse/realtime";
import type { Logger } from "pino";
import type { AuthRateLimits } from "./auth/rate-limits";
import type { SessionCache } from "./auth/session-cache";
import { type AuthenticatedSession, resolveSession } from "./auth/sessions";
import type { ConnectionLimits } from "./limits/connection-limits";
import type { UserRateLimit } from "./limits/user-rate-limit";

/** Long-lived services the router needs, built once per process by the server. */
export interface ApiDeps {
  db: Database;
  /** Pub/Sub doorbell between instances; PostgreSQL stays the source of truth. */
  bus: EventBus;
  /** Ephemeral who-is-typing state, shared by every instance. */
  typing: TypingStore;
  /** Connection statistics of the whole cluster. */
  presence: Pick<PresenceRegistry, "totals">;
  logger: Logger;
  /** How many missed events a reconnecting subscriber is replayed before it gets a reset instead. */
  maxReplay: number;
  authRateLimits: AuthRateLimits;
  sessionTtlMs: number;
  cookieSecure: boolean;
  /** Background jobs producer (BullMQ in distributed mode, in-process when embedded); fed through the outbox. */
  jobs: JobQueue;
  /** The sliding window of trending topics (TRENDING_WINDOW_MS), for computing on demand before the first run. */
  trendingWindowMs: number;
  /** Told after a session is revoked, so the transport closes that session's open sockets. */
  onSessionRevoked(sessionId: string): void;
  /** Recently looked-up sessions (SESSION_CACHE_MS); absent → every request asks the database. */
  sessionCache?: SessionCache;
  /** Per-user budget of mutations (protectedProcedure); absent → unlimited (router unit tests). */
  mutationRateLimit?: UserRateLimit;
  /** Per-user budget of queries (protectedProcedure); absent → unlimited. */
  queryRateLimit?: UserRateLimit;
  /** Per-user budget of subscription starts; absent → unlimited. */
  subscriptionRateLimit?: UserRateLimit;
  /** Refusals and live subscriptions, for /metrics; absent → nothing recorded. */
  metrics?: ApiMetrics;
}

/** What the transport knows about one request (HTTP) or one connection (WebSocket). */
export interface RequestMeta {
  transport: "http" | "ws";
  ip: string;
  /** Bearer token, connectionParams token or session cookie, whichever the transport found. */
  token: string | undefined;
  /** Appends a Set-Cookie header to the HTTP response; absent over WebSocket. */
  setCookie?: (value: string) => void;
  /** The WebSocket connection's limits (subscription slots); absent over HTTP. */
  connection?: ConnectionLimits;
  /** The HTTP request's id (also in its `x-request-id` answer header); internal errors are reported under it. */
  requestId?: string;
  /** A logger bound to this request or connection (its id on every line); absent → the process logger. */
  logger?: Logger;
}

export interface Context extends ApiDeps, Omit<RequestMeta, "token" | "logger"> {
  session: AuthenticatedSession | null;
  /**
   * A token was given but could not be checked (the database did not answer): the caller is not known to be
   * anonymous, so protected procedures answer SERVICE_UNAVAILABLE instead of UNAUTHORIZED.
   */
  sessionUnavailable?: boolean;
}

/**
 * Never throws: a bad or missing token gives an anonymous context, a failed lookup one marked `sessionUnavailable`,
 * and procedures decide. A throwing WebSocket context makes clients reconnect in a tight loop (trpc issue 4774).
 */
export async function createContext(deps: ApiDeps, meta: RequestMeta): Promise<Context> {
  const { token, logger = deps.logger, ...rest } = meta;
  let session: AuthenticatedSession | null = null;
  if (token && token.length <= 200) {
    try {
      session = deps.sessionCache ? await deps.sessionCache.resolve(token) : await resolveSession(deps.db, token);
    } catch (error) {
      logger.warn({ err: error }, "session lookup failed; answering as unavailable");
      return { ...deps, ...rest, logger, session: null, sessionUnavailable: true };
    }
  }
  return { ...deps, ...rest, logger, session };
}
