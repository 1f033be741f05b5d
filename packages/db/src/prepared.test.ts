import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtOncePerDatabase } from "./prepared";
import { users } from "./schema";
import { createTestDatabase, type TestDatabase, testDrivers } from "./testing";

describe.each(await testDrivers())("builtOncePerDatabase on %s", (driver) => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    first = await createTestDatabase(driver);
    second = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it("builds a query once per database; each runs on its own database with the values it is given", async () => {
    let builds = 0;
    const byUsername = builtOncePerDatabase((db) => {
      builds++;
      return db
        .select({ username: users.username })
        .from(users)
        .where(eq(users.username, sql.placeholder("username")))
        .prepare("test_user_by_username");
    });
    await first.db.insert(users).values({ username: "ana", displayName: "Ana", passwordHash: "-" });
    await second.db.insert(users).values({ username: "ben", displayName: "Ben", passwordHash: "-" });

    // More runs than one pooled connection: a named statement is prepared on each connection it reaches.
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => byUsername(first.db).execute({ username: i % 2 ? "ana" : "ben" })),
    );
    expect(runs.map((rows) => rows.length)).toEqual(Array.from({ length: 12 }, (_, i) => i % 2));
    expect(await byUsername(second.db).execute({ username: "ben" })).toEqual([{ username: "ben" }]);
    expect(await byUsername(second.db).execute({ username: "ana" })).toEqual([]);
    expect(byUsername(first.db)).toBe(byUsername(first.db));
    expect(builds).toBe(2);
  });
});
