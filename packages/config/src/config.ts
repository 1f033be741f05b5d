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
    SEED_DEMO: booleanFromEnv.default(true),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(24 * 30),
    COOKIE_SECURE: booleanFromEnv.default(false),
    TRUST_PROXY: booleanFromEnv.default(false),
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** Missed events replayed to a reconnecting subscriber before it gets a reset instead. */
    REPLAY_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .transform((env) => ({
    ...env,
    // Browser origins allowed besides the server's own (same-origin is always allowed): by default the Vite dev server.
    ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? ["http://localhost:5173"],
    mode: env.DATABASE_URL && env.REDIS_URL ? ("distributed" as const) : ("embedded" as const),
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
