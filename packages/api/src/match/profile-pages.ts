import { asc, type Database, gt, profiles } from "@pulse/db";
import type { Profile } from "@pulse/matching";
import { toMatcherProfile } from "./profiles";

/** Rows per page: each page is parsed and posted to the build thread in one event-loop turn, so keep it small. */
export const PROFILE_PAGE_SIZE = 1_000;

/**
 * Every profile in userId order, one keyset page at a time: reading 100 000 rows in one query would parse and map
 * them in one long synchronous stretch on the event loop. Not a snapshot: a profile changed mid-read also moves
 * the version the cache compares, so the next refresh rebuilds.
 */
export async function* readProfilePages(db: Database, pageSize = PROFILE_PAGE_SIZE): AsyncGenerator<Profile[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({
        userId: profiles.userId,
        bio: profiles.bio,
        interestTags: profiles.interestTags,
        city: profiles.city,
        timezone: profiles.timezone,
      })
      .from(profiles)
      .where(after === undefined ? undefined : gt(profiles.userId, after))
      .orderBy(asc(profiles.userId))
      .limit(pageSize);
    if (rows.length > 0) yield rows.map(toMatcherProfile);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.userId;
  }
}
