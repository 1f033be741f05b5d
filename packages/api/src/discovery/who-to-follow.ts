import { type Database, queryRows, sql } from "@pulse/db";
import { z } from "zod";

/** Candidates read per source: the query's cost is bounded by these, not by the number of users. */
const BY_INTEREST = 200;
const BY_CITY = 100;
const RECENT_POSTS = 300;
/** Follower counts are counted up to this (enough to rank; a celebrity's count costs no more). */
const FOLLOWER_CAP = 1000;

const rowSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  bio: z.string(),
  city: z.string(),
  shared: z.array(z.string()),
  same_city: z.boolean(),
  active: z.boolean(),
  followers: z.coerce.number(),
});

/**
 * People the user might follow, best first, never themselves nor anyone they follow. Candidates come from three
 * bounded sources: profiles sharing an interest tag (GIN index), profiles in the same city (exact spelling, city
 * index) and the authors of the latest posts (created-at index). Each is scored
 * 3 · shared interests + 2 · same city + 1 · posted recently + ln(1 + followers), ties by username.
 * One statement; its cost depends on the bounds above, not on how many people or posts there are.
 */
export async function whoToFollow(db: Database, userId: string, limit: number) {
  const notFollowed = (column: ReturnType<typeof sql>) =>
    sql`${column} <> ${userId}::uuid and not exists (
      select 1 from follows f where f.follower_id = ${userId}::uuid and f.followee_id = ${column})`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
      with me as (
        select interest_tags as tags, city from profiles where user_id = ${userId}::uuid
      ),
      by_interest as (
        select p.user_id from profiles p, me
        where cardinality(me.tags) > 0 and p.interest_tags && me.tags and ${notFollowed(sql`p.user_id`)}
        limit ${BY_INTEREST}
      ),
      by_city as (
        select p.user_id from profiles p, me
        where me.city <> '' and p.city = me.city and ${notFollowed(sql`p.user_id`)}
        limit ${BY_CITY}
      ),
      recent as (
        select distinct r.author_id as user_id
        from (select author_id from tweets where deleted_at is null order by created_at desc limit ${RECENT_POSTS}) r
        where ${notFollowed(sql`r.author_id`)}
      ),
      candidates as (
        select user_id from by_interest union select user_id from by_city union select user_id from recent
      ),
      scored as (
        select
          u.id, u.username, u.display_name,
          coalesce(p.bio, '') as bio,
          coalesce(p.city, '') as city,
          coalesce(array(
            select t from unnest(p.interest_tags) as t where t = any(coalesce((select tags from me), '{}'))
          ), '{}') as shared,
          coalesce(p.city <> '' and p.city = (select city from me), false) as same_city,
          exists (select 1 from recent r where r.user_id = u.id) as active,
          (select count(*) from (
            select 1 from follows f where f.followee_id = u.id limit ${FOLLOWER_CAP}
          ) as capped)::int as followers
        from candidates c
          join users u on u.id = c.user_id
          left join profiles p on p.user_id = u.id
      )
      select * from scored
      order by
        3 * cardinality(shared) + 2 * same_city::int + active::int + ln(1 + followers) desc,
        username
      limit ${limit}`,
  );
  return rows.map((raw) => {
    const row = rowSchema.parse(raw);
    return {
      user: { id: row.id, username: row.username, displayName: row.display_name },
      bio: row.bio,
      sharedInterests: row.shared,
      city: row.same_city ? row.city : null,
      followers: row.followers,
      reason: reasonOf(row),
    };
  });
}

/** Why someone is suggested, in plain words: "Shares rust and webgpu · Also in Berlin · Posted recently". */
function reasonOf(row: z.infer<typeof rowSchema>): string {
  const parts: string[] = [];
  const [first, second, ...rest] = row.shared;
  if (first !== undefined) {
    const more = rest.length > 0 ? `, ${second} and ${rest.length} more` : second !== undefined ? ` and ${second}` : "";
    parts.push(`Shares ${first}${more}`);
  }
  if (row.same_city) parts.push(`Also in ${row.city}`);
  if (row.active) parts.push("Posted recently");
  if (parts.length === 0) parts.push(`${row.followers} ${row.followers === 1 ? "follower" : "followers"}`);
  return parts.join(" · ");
}
