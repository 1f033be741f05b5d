import { sql, users } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { TRPCError } from "@trpc/server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeError } from "./error-serializer";

const drivers = await testDrivers();

describe.each(drivers)("error serializer on %s", (driver) => {
  let database: TestDatabase;
  const lines: string[] = [];
  const logger = pino({ serializers: { err: serializeError } }, { write: (line: string) => lines.push(line) });

  /** Logs the error a statement fails with, wrapped as tRPC wraps it, and returns the log line. */
  async function logFailure(statement: () => Promise<unknown>): Promise<string> {
    const cause = await statement().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(cause).toBeInstanceOf(Error);
    lines.length = 0;
    logger.error({ err: new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }) }, "procedure failed");
    return lines.join("");
  }

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.close());

  it("drops drizzle's params and keeps the SQL and the PostgreSQL code", async () => {
    const line = await logFailure(() => database.db.execute(sql`select ${"nul\u0000marker"}::text`));
    expect(line).not.toContain("marker");
    expect(line).not.toMatch(/params/);
    expect(line).toContain("Failed query: select $1::text");
    expect(line).toContain('"code":"22021"');
  });

  it("drops a value PostgreSQL quotes in its message", async () => {
    const line = await logFailure(() => database.db.execute(sql`select ${"uuid-marker"}::uuid`));
    expect(line).not.toContain("uuid-marker");
    expect(line).toContain("invalid input syntax for type uuid: [value omitted]");
    expect(line).toContain('"code":"22P02"');
  });

  it("drops the row PostgreSQL echoes in its detail, keeps the constraint", async () => {
    const row = { username: "dupe-marker", displayName: "d", passwordHash: "hash-marker" };
    await database.db.insert(users).values(row);
    const line = await logFailure(() => database.db.insert(users).values(row));
    expect(line).not.toContain("dupe-marker");
    expect(line).not.toContain("hash-marker");
    expect(line).toContain('"code":"23505"');
    expect(line).toMatch(/"constraint":"users_username/);
  });

  it("passes anything that is not an Error through", () => {
    expect(serializeError("plain")).toBe("plain");
  });
});
