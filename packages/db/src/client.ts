import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { createPostgresPool, type PostgresPoolOptions } from "./postgres-pool";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The driver-independent drizzle handle every package codes against. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the `tx` of `db.transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  /** Applies the committed migrations; a no-op when they are already applied. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | ({ driver: "postgres"; url: string } & PostgresPoolOptions)
  /** `dataDir` undefined → an in-memory database (tests). */
  | { driver: "pglite"; dataDir?: string };

/** Beside the module when compiled into an app's dist/ (the build copies them), else the package's own folder. */
const bundledMigrations = new URL("./migrations", import.meta.url);
const migrationsFolder = fileURLToPath(
  existsSync(bundledMigrations) ? bundledMigrations : new URL("../migrations", import.meta.url),
);
/** Arbitrary constant shared by every Pulse process: serializes concurrent migrators. */
const MIGRATION_LOCK_KEY = 7_262_024_117;

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.driver === "postgres" ? createPostgres(options) : createPglite(options.dataDir);
}

function createPostgres(options: { url: string } & PostgresPoolOptions): DatabaseHandle {
  const pool = createPostgresPool(options.url, options);
  const db: Database = drizzleNodePg({ client: pool, schema });
  return {
    db,
    driver: "postgres",
    async migrate() {
      // Several instances may start at once: one migrates, the others wait and then find nothing to do. Its own
      // connection, without the pool's statement timeouts: waiting for the lock or building an index may take long.
      const client = new pg.Client({
        connectionString: options.url,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      });
      client.on("error", options.onConnectionError ?? (() => {}));
      await client.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        await client.end().catch(() => {});
      }
    },
    close: () => pool.end(),
  };
}

function createPglite(dataDir?: string): DatabaseHandle {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const drizzleDb = drizzlePglite({ client, schema });
  return {
    db: drizzleDb,
    driver: "pglite",
    migrate: () => migratePglite(drizzleDb, { migrationsFolder }),
    close: () => client.close(),
  };
}

const dialect = new PgDialect();

/**
 * Rows of a raw SQL query run as a named prepared statement on PostgreSQL: parsed and planned once per pooled
 * connection instead of on every call (worth it for a hot, complex statement whose text never changes — only its
 * parameters). Outside a pool (a transaction handle, PGlite) it is an ordinary query.
 */
export async function queryRowsPrepared<Row extends Record<string, unknown>>(
  db: Database | Transaction,
  name: string,
  query: SQL,
): Promise<Row[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return queryRows<Row>(db as Database, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await client.query<Row>({ name, text, values: params });
  return result.rows;
}

/**
 * Rows of a raw SQL query. Both drivers answer `execute` with `{ rows }`, but the driver-independent type cannot
 * say so, hence the one cast here instead of at every call site.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
