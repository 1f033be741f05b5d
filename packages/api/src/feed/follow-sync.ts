import { feedEntries, queryRowsPrepared, sql, streamSequences, type Transaction, tweets } from "@pulse/db";

/** How many of a newly followed person's posts enter the follower's feed at once. */
export const FOLLOW_BACKFILL = 20;

/** Rings a feed's bell without an event: subscribers read what changed from the database (in seq order). */
export const feedBell = { type: "changed" } as const;

/**
 * On follow, in one statement: the followee's latest posts not already in the follower's feed enter it, oldest
 * first, numbered after everything there (the sequence row is bumped once by their count, its lock held until
 * commit, as fan-out does); an entry an earlier unfollow removed comes back renumbered. Returns how many entered.
 */
export async function backfillFeed(tx: Transaction, followerId: string, followeeId: string, limit = FOLLOW_BACKFILL) {
  const rows = await queryRowsPrepared<{ seq: string | number }>(
    tx,
    "pulse_follow_backfill",
    sql`
      with candidates as (
        select t.id, t.created_at from ${tweets} t
        where t.author_id = ${followeeId}::uuid and t.deleted_at is null
          and not exists (
            select 1 from ${feedEntries} fe
            where fe.user_id = ${followerId}::uuid and fe.tweet_id = t.id and fe.removed_at is null
          )
        order by t.created_at desc, t.id desc
        limit ${limit}
      ),
      total as (select count(*)::bigint as n from candidates),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select ${followerId}::uuid, 'feed', n from total where n > 0
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + excluded.last_seq
        returning last_seq
      ),
      numbered as (
        select c.id, b.last_seq - t.n + row_number() over (order by c.created_at, c.id) as seq
        from candidates c cross join bumped b cross join total t
      )
      insert into ${feedEntries} (user_id, seq, tweet_id, author_id)
      select ${followerId}::uuid, seq, id, ${followeeId}::uuid from numbered
      on conflict (user_id, tweet_id) do update set seq = excluded.seq, removed_at = null, created_at = now()
      returning seq`,
  );
  return rows.length;
}

/**
 * On unfollow, in one statement: every entry of that author in the follower's feed becomes a removal event,
 * renumbered after everything there in the order they had, so a subscriber hears each removal in order.
 */
export async function removeAuthorFromFeed(tx: Transaction, followerId: string, authorId: string) {
  const rows = await queryRowsPrepared<{ seq: string | number }>(
    tx,
    "pulse_unfollow_removal",
    sql`
      with affected as (
        select tweet_id, seq from ${feedEntries}
        where user_id = ${followerId}::uuid and author_id = ${authorId}::uuid and removed_at is null
      ),
      total as (select count(*)::bigint as n from affected),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select ${followerId}::uuid, 'feed', n from total where n > 0
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + excluded.last_seq
        returning last_seq
      ),
      numbered as (
        select a.tweet_id, b.last_seq - t.n + row_number() over (order by a.seq) as seq
        from affected a cross join bumped b cross join total t
      )
      update ${feedEntries} fe set seq = numbered.seq, removed_at = now()
      from numbered
      where fe.user_id = ${followerId}::uuid and fe.tweet_id = numbered.tweet_id
      returning fe.seq`,
  );
  return rows.length;
}
