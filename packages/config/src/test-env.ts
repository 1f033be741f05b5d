import { z } from "zod";

/** Settings of the test harness (not of Pulse itself); read here so process.env stays in this package. */
const testEnvSchema = z.object({
  CI: z.stringbool().default(false),
  TEST_PG_ADMIN_URL: z.url().default("postgres://postgres:postgres@127.0.0.1:5432/postgres"),
  REDIS_SERVER_BIN: z.string().default("redis-server"),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
});

export type TestEnv = z.output<typeof testEnvSchema>;

export function loadTestEnv(): TestEnv {
  return testEnvSchema.parse(
    Object.fromEntries(Object.entries(process.env).filter(([key, value]) => key in testEnvSchema.shape && value)),
  );
}
