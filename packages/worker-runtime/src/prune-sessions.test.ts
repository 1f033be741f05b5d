import { sessions, users } from "@pulse/db";
import { createTestDatabase, testDrivers } from "@pulse/db/testing";
import { describe, expect, it } from "vitest";
import { pruneSessions } from "./prune-sessions";

const drivers = await testDrivers();
const day = 24 * 60 * 60 * 1000;

describe.each(drivers)("pruneSessions on %s", (driver) => {
  it("deletes sessions dead for over a day and keeps the rest", async () => {
    const database = await createTestDatabase(driver);
    try {
      const { db } = database;
      const [user] = await db.insert(users).values({ username: "u", displayName: "U", passwordHash: "x" }).returning();
      if (!user) throw new Error("no user");
      const now = new Date();
      const at = (offset: number) => new Date(now.getTime() + offset);
      await db.insert(sessions).values([
        { userId: user.id, tokenHash: "live", expiresAt: at(day) },
        { userId: user.id, tokenHash: "just-expired", expiresAt: at(-60_000) },
        { userId: user.id, tokenHash: "long-expired", expiresAt: at(-2 * day) },
        { userId: user.id, tokenHash: "just-revoked", expiresAt: at(day), revokedAt: at(-60_000) },
        { userId: user.id, tokenHash: "long-revoked", expiresAt: at(day), revokedAt: at(-2 * day) },
      ]);
      expect(await pruneSessions(db, now)).toBe(2);
      const left = await db.select({ tokenHash: sessions.tokenHash }).from(sessions);
      expect(left.map((row) => row.tokenHash).sort()).toEqual(["just-expired", "just-revoked", "live"]);
      expect(await pruneSessions(db, now)).toBe(0);
    } finally {
      await database.close();
    }
  });
});
