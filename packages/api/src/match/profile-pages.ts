import { asc, type Database, gt, profiles, sql } from "@pulse/db";

/** Rows per page: each page is parsed and posted to the build thread in one event-loop turn, so keep it small. */
export const PROFILE_PAGE_SIZE = 1_000;

/**
 * Every profile in userId order, one keyset page at a time, each page a JSON array of `Profile`s that PostgreSQL
 * encodes: this event loop handles one string per page (posted as is to the build thread, which parses it) instead
 * of parsing, mapping and serializing 1 000 row objects — whose garbage made its minor GCs the longest stalls.
 * Not a snapshot: a profile changed mid-read also moves the version the cache compares, so the next refresh rebuilds.
 */
export async function* readProfilePages(db: Database, pageSize = PROFILE_PAGE_SIZE): AsyncGenerator<string> {
  let after: string | undefined;
  for (;;) {
    const page = db
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
      .limit(pageSize)
      .as("page");
    const [row] = await db
      .select({
        json: sql<string>`coalesce(json_agg(json_build_object('userId', ${page.userId}, 'bio', ${page.bio}, 'interestTags', ${page.interestTags}, 'city', ${page.city}, 'timezone', ${page.timezone}) order by ${page.userId}), '[]')::text`,
        last: sql<string | null>`max(${page.userId}::text)`,
        rows: sql<number>`count(*)::int`,
      })
      .from(page);
    const rows = row?.rows ?? 0;
    if (rows > 0) yield row?.json ?? "[]";
    if (rows < pageSize || !row?.last) return;
    after = row.last;
  }
}
