import { type Database, eq, profiles } from "@pulse/db";
import type { Profile } from "@pulse/matching";
import type { ProfileInput } from "./profile-input";

type ProfileRow = typeof profiles.$inferSelect;

/** The wire shape of a profile. */
export function toProfile(row: ProfileRow) {
  return {
    userId: row.userId,
    bio: row.bio,
    interestTags: row.interestTags,
    city: row.city,
    timezone: row.timezone,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findProfile(db: Database, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(profiles).where(eq(profiles.userId, userId));
  return row;
}

export async function upsertProfile(db: Database, userId: string, input: ProfileInput): Promise<ProfileRow> {
  const values = { ...input, updatedAt: new Date() };
  const [row] = await db
    .insert(profiles)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: profiles.userId, set: values })
    .returning();
  if (!row) throw new Error("profile upsert returned no row");
  return row;
}

/** What the matcher sees of a stored profile. */
export function toMatcherProfile(
  row: Pick<ProfileRow, "userId" | "bio" | "interestTags" | "city" | "timezone">,
): Profile {
  return { userId: row.userId, bio: row.bio, interestTags: row.interestTags, city: row.city, timezone: row.timezone };
}
