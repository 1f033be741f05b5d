import { createServer } from "node:net";
import { loadTestEnv } from "@pulse/config";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, queryRows } from "./client";
import { createTestDatabase, type TestDatabase, testDrivers } from "./testing";

const onPostgres = (await testDrivers()).includes("postgres");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(onPostgres)("the PostgreSQL pool when connections fail", () => {
  let database: TestDatabase;
  const admin = new pg.Client({ connectionString: loadTestEnv().TEST_PG_ADMIN_URL });

  beforeAll(async () => {
    database = await createTestDatabase("postgres", { migrate: false });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database?.close();
  });

  it("a connection terminated while checked out, idle in a transaction, fails that transaction only", async () => {
    // Before: the client's 'error' event had no listener while checked out, and the process crashed.
    const transaction = database.db.transaction(async (tx) => {
      const [row] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      await admin.query("select pg_terminate_backend($1)", [row?.pid]);
      await sleep(300);
      await tx.execute(sql`select 1`);
    });
    await expect(transaction).rejects.toThrow();
    const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
    expect(row?.one).toBe(1);
  });

  it("every idle connection terminated at once: the next queries get fresh ones", async () => {
    await Promise.all([1, 2, 3].map(() => database.db.execute(sql`select pg_sleep(0.05)`)));
    const url = new URL(database.url ?? "");
    await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [url.pathname.slice(1)],
    );
    await sleep(300);
    const results = await Promise.allSettled([1, 2, 3].map(() => database.db.execute(sql`select 1`)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
  });

  it("a statement longer than the statement timeout is cancelled by PostgreSQL", async () => {
    const handle = createDatabase({ driver: "postgres", url: database.url ?? "", statementTimeoutMs: 200 });
    try {
      await expect(handle.db.execute(sql`select pg_sleep(5)`)).rejects.toMatchObject({ cause: { code: "57014" } });
    } finally {
      await handle.close();
    }
  });

  it("a server that accepts but never answers: connecting gives up after the connect timeout", async () => {
    // Before: no connect timeout, and the query waited forever.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const handle = createDatabase({
      driver: "postgres",
      url: `postgres://postgres@127.0.0.1:${port}/nowhere`,
      connectTimeoutMs: 300,
    });
    try {
      await expect(handle.db.execute(sql`select 1`)).rejects.toThrow();
    } finally {
      await handle.close();
      silent.close();
    }
  }, 10_000);
});
