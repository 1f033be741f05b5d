import { randomBytes } from "node:crypto";
import pg from "pg";
import { onCleanup } from "./cleanup";

export interface BenchDatabase {
  /** postgres://…/pulse_bench_<random> */
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections); harmless to call twice. */
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `select version()` of the server behind `adminUrl`. */
export function postgresVersion(adminUrl: string): Promise<string> {
  return withAdmin(adminUrl, async (client) => {
    const result = await client.query<{ version: string }>("select version() as version");
    return result.rows[0]?.version ?? "unknown";
  });
}

/** Creates a fresh, empty database `pulse_bench_<random>` next to the admin database; dropped at cleanup. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `pulse_bench_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = onCleanup(`drop database ${name}`, () =>
    withAdmin(adminUrl, async (client) => {
      await client.query(`drop database if exists ${name} with (force)`);
    }),
  );
  return { url: url.toString(), name, drop };
}
