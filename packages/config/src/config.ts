import { isIP } from "node:net";
import { z } from "zod";

const booleanFromEnv = z.stringbool({ truthy: ["true", "1", "yes", "on"], falsy: ["false", "0", "no", "off"] });

const originList = z
  .string()
  .transform((raw) =>
    raw
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((origin) => new URL(origin).origin)));

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An address, a CIDR (address/bits or address/netmask) or one of proxy-addr's names. */
function isProxyEntry(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = "", range, ...rest] = entry.split("/");
  if (rest.length > 0 || !isIP(address)) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (isIP(address) === 4 ? 32 : 128);
  return isIP(range) === 4;
}

/**
 * Which peers may tell us the client's address (X-Forwarded-For) and scheme, as Express's "trust proxy":
 * false, a hop count, or a list of addresses, CIDRs and names. `true` means ONE hop (the proxy in front of us),
 * not "believe every hop": that would take the forgeable leftmost entry.
 */
const trustProxy = z
  .string()
  .trim()
  .toLowerCase()
  .transform((raw, ctx): false | number | string[] => {
    if (["false", "no", "off"].includes(raw)) return false;
    if (["true", "yes", "on"].includes(raw)) return 1;
    if (/^\d{1,3}$/.test(raw)) return Number(raw) === 0 ? false : Number(raw);
    const entries = raw
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isProxyEntry(entry));
    if (entries.length > 0 && bad.length === 0) return entries;
    ctx.addIssue({
      code: "custom",
      message: `expected false, true, a hop count or a comma list of addresses, CIDRs, loopback, linklocal, uniquelocal (bad: ${bad.join(", ") || raw})`,
    });
    return z.NEVER;
  });

/** A demo user acts every 8 s: alive while you watch, not a firehose. */
const DEFAULT_DEMO_ACTIVITY_MS = 8_000;

/** Every setting Pulse reads from its environment. Unset optional keys select the embedded defaults. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATA_DIR: z.string().min(1).default("./.data"),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ALLOWED_ORIGINS: originList.optional(),
    /** Seed the demo community into an empty database; unset → only in embedded mode (never in production clusters). */
    SEED_DEMO: booleanFromEnv.optional(),
    /**
     * Demo users act (post, like, follow) about this often, so a newcomer sees Pulse move; 0 = never. Unset → 8 s
     * in embedded development with the demo seeded, 0 otherwise; refused in production.
     */
    DEMO_ACTIVITY_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
    /** Apply pending migrations at start; off when a separate `npm run migrate` step (a DDL-owning role) does it. */
    MIGRATE_ON_START: booleanFromEnv.default(true),
    /** Each dependency check of /readyz (PostgreSQL, Redis) gives up after this long and counts as failed. */
    READINESS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000),
    /** When set, /metrics answers only requests bearing `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** The standalone worker's own HTTP port for /metrics, /healthz and /readyz (0 = any free port). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(24 * 30),
    COOKIE_SECURE: booleanFromEnv.default(false),
    TRUST_PROXY: trustProxy.default(false),
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** How often each instance re-checks the sessions of its open sockets (catches logouts it did not hear of). */
    SESSION_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** How long an instance trusts a session it looked up without asking the database again (0 = always ask). */
    SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /**
     * Runs of one background job in all (the first included) before it gives up; retries back off exponentially.
     * 5 runs from 2 s: the retries wait 1–2, 2–4, 4–8, 8–16 s (jitter), 15–30 s in all, outlasting a short outage
     * (a database failover, a Redis restart) that 3 runs from 500 ms (~1.5 s) did not; longer ones the redelivery
     * (JOB_REDELIVER_AFTER_MS, past that span) covers.
     */
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    JOB_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
    /** A job stays locked to its worker this long without renewal: a dead worker's job moves on after about this. */
    JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** The match index is rebuilt at most this often, and only when profiles changed. */
    MATCH_INDEX_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    /** Fault injection for the match job — refused unless NODE_ENV=test. */
    MATCH_FAULT: z.enum(["none", "fail", "slow"]).default("none"),
    MATCH_FAULT_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
    /** Password hash cost: OWASP's scrypt parameters, or cheap ones for test runs — refused unless NODE_ENV=test. */
    PASSWORD_HASHING: z.enum(["owasp", "fast-for-tests"]).default("owasp"),
    /** Missed events replayed to a reconnecting subscriber before it gets a reset instead. */
    REPLAY_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // PostgreSQL client (distributed mode; packages/db).
    /** Connections per process in the pool. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
    /** Giving up on opening a connection after this long (the request then fails as unavailable). */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** A statement running longer than this is cancelled by PostgreSQL. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    /** A session idle inside a transaction longer than this is ended by PostgreSQL (frees its locks). */
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    // Background jobs (packages/jobs, apps/worker).
    /** An outbox row whose job has not committed its effect this long after it was enqueued is enqueued again. */
    JOB_REDELIVER_AFTER_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(24 * 3_600_000)
      .default(120_000),
    /** Jobs of one kind a worker process runs at a time (per queue). */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(4),
    /** Followers whose feed entries one fan-out statement writes. */
    FEED_FANOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1_000),
    /** How often workers relay outbox rows the after-commit fast path did not (crash, Redis away). */
    OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
    /** The sliding window of trending topics. */
    TRENDING_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(30 * 24 * 3_600_000)
      .default(3_600_000),
    /** How often trending topics are recomputed, once per cluster. */
    TRENDING_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5_000),
    // WebSocket hardening (apps/server/src/ws-guard.ts; close codes in apps/server/src/close-codes.ts).
    /** Idle time after which the server pings a WebSocket peer (protocol-level ping). */
    WS_PING_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
    /** How long a pinged peer (or one asked to close) has to answer before it is terminated. */
    WS_PONG_WAIT_MS: z.coerce.number().int().min(10).max(120_000).default(5_000),
    /** A connection without a session this long after it opened is closed (4002). */
    WS_AUTH_DEADLINE_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
    /** Open authenticated WebSockets per user, per server instance (the next one is closed with 4003). */
    WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Live subscriptions per WebSocket (the next one fails with TOO_MANY_REQUESTS). */
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(50),
    /** Sustained inbound messages per second per WebSocket (each call of a batch counts); a flood closes it (4004). */
    WS_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
    /** Token-bucket size: messages a WebSocket may send at once (e.g. resubscribing after a reconnect). */
    WS_MESSAGE_BURST: z.coerce.number().int().min(1).max(100_000).default(100),
    /** Bytes queued towards one WebSocket before it counts as a slow consumer and is closed (4005). */
    WS_MAX_BUFFERED_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(1024 * 1024),
    /** Mutations per signed-in user per minute, over HTTP and WebSocket together (TOO_MANY_REQUESTS beyond). */
    MUTATIONS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /** Queries per signed-in user per minute, over HTTP and WebSocket together (each call of a batch counts). */
    QUERIES_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
    /** Subscriptions a signed-in user may start per minute, on all their sockets together. */
    SUBSCRIPTIONS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** Calls in one tRPC batch, over HTTP and WebSocket; a bigger batch is refused whole before any call runs. */
    TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(25),
    /** Sockets without a session yet, per client IP and per instance (the next upgrade is refused with 429/503). */
    // High enough for many people behind one NAT reconnecting at once; an attacker holds at most this many.
    WS_MAX_ANONYMOUS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    WS_MAX_ANONYMOUS_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  })
  .refine((env) => env.MATCH_FAULT === "none" || env.NODE_ENV === "test", {
    path: ["MATCH_FAULT"],
    message: "fault injection is only allowed with NODE_ENV=test",
  })
  .refine((env) => !env.DEMO_ACTIVITY_MS || env.NODE_ENV !== "production", {
    path: ["DEMO_ACTIVITY_MS"],
    message: "demo activity is not allowed with NODE_ENV=production",
  })
  .refine((env) => env.PASSWORD_HASHING === "owasp" || env.NODE_ENV === "test", {
    path: ["PASSWORD_HASHING"],
    message: "weak password hashing is only allowed with NODE_ENV=test",
  })
  .transform((env) => ({
    ...env,
    // Browser origins allowed besides the server's own (same-origin is always allowed): by default, and only in
    // development, the Vite dev server.
    ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? (env.NODE_ENV === "development" ? ["http://localhost:5173"] : []),
    mode: env.DATABASE_URL && env.REDIS_URL ? ("distributed" as const) : ("embedded" as const),
    SEED_DEMO: env.SEED_DEMO ?? !(env.DATABASE_URL && env.REDIS_URL),
  }))
  .transform((env) => ({
    ...env,
    DEMO_ACTIVITY_MS:
      env.DEMO_ACTIVITY_MS ??
      (env.SEED_DEMO && env.mode === "embedded" && env.NODE_ENV === "development" ? DEFAULT_DEMO_ACTIVITY_MS : 0),
  }));

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment into a Config, or throws a ConfigError whose message is one line naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}

/** The one place that reads process.env. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
