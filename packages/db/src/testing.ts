import { randomBytes } from "node:crypto";
import { loadTestEnv } from "@pulse/config";
import pg from "pg";
import { createDatabase, type DatabaseHandle } from "./client";

export type TestDriver = "pglite" | "postgres";

export interface TestDatabase extends DatabaseHandle {
  /** The connection URL when the driver is postgres (to hand to a spawned server). */
  url: string | undefined;
}

const testEnv = loadTestEnv();

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testEnv.TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The drivers a suite should run on: both, always in CI (where an unreachable server must fail the run,
 * never skip it); outside CI, PostgreSQL only when a server answers at TEST_PG_ADMIN_URL.
 */
export async function testDrivers(): Promise<TestDriver[]> {
  if (testEnv.CI || (await postgresReachable())) return ["pglite", "postgres"];
  console.warn(`PostgreSQL not reachable at ${testEnv.TEST_PG_ADMIN_URL}: running the database suites on PGlite only`);
  return ["pglite"];
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnv.TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database (migrated unless `migrate: false`), dropped again on close. */
export async function createTestDatabase(
  driver: TestDriver,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (driver === "pglite") {
    handle = createDatabase({ driver: "pglite" });
  } else {
    const name = `pulse_test_${randomBytes(6).toString("hex")}`;
    await withAdminClient((client) => client.query(`create database ${name}`));
    const admin = new URL(testEnv.TEST_PG_ADMIN_URL);
    admin.pathname = `/${name}`;
    url = admin.toString();
    handle = createDatabase({ driver: "postgres", url, poolSize: 5 });
    dropDatabase = () =>
      withAdminClient((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {});
  }
  if (options.migrate !== false) await handle.migrate();
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await dropDatabase();
    },
  };
}
