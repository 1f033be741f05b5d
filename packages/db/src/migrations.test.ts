import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { queryRows } from "./client";
import { engagements, tweets, users } from "./schema";
import { createTestDatabase, type TestDatabase, testDrivers } from "./testing";

const drivers = await testDrivers();

describe.each(drivers)("migrations on %s", (driver) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it("apply from empty, then re-apply as a no-op", async () => {
    database = await createTestDatabase(driver, { migrate: false });
    await database.migrate();
    const countMigrations = sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const applied = await queryRows<{ n: number }>(database.db, countMigrations);
    await database.migrate();
    await database.migrate();
    const reapplied = await queryRows<{ n: number }>(database.db, countMigrations);
    expect(reapplied).toEqual(applied);
    expect(applied[0]?.n).toBeGreaterThan(0);
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      "engagements",
      "feed_entries",
      "follows",
      "job_outbox",
      "match_requests",
      "notification_settings",
      "notifications",
      "profiles",
      "sessions",
      "stream_sequences",
      "topic_activity",
      "topic_activity_delta",
      "topic_window_state",
      "topic_window_totals",
      "trending_snapshots",
      "tweets",
      "user_mutes",
      "users",
    ]);
  });

  it("enforces the uniqueness the API relies on", async () => {
    database = await createTestDatabase(driver);
    const { db } = database;
    const [alice] = await db
      .insert(users)
      .values({ username: "alice", displayName: "Alice", passwordHash: "x" })
      .returning();
    if (!alice) throw new Error("no user");
    await expect(
      db.insert(users).values({ username: "alice", displayName: "A2", passwordHash: "y" }),
    ).rejects.toThrow();

    const [tweet] = await db
      .insert(tweets)
      .values({ authorId: alice.id, content: "hi #pulse", topics: ["pulse"] })
      .returning();
    if (!tweet) throw new Error("no tweet");
    const like = { userId: alice.id, tweetId: tweet.id, kind: "like" as const };
    await db.insert(engagements).values(like);
    const again = await db.insert(engagements).values(like).onConflictDoNothing().returning();
    expect(again).toHaveLength(0);
    const stored = await db.select().from(tweets).where(eq(tweets.id, tweet.id));
    expect(stored[0]?.topics).toEqual(["pulse"]);
  });
});
