import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import {
  and,
  engagements,
  eq,
  feedEntries,
  follows,
  gt,
  isNull,
  queryRows,
  sql,
  streamSequences,
  tweets,
  users,
} from "@pulse/db";
import { channels, type FeedMessage } from "../channels";
import { selectTweets, toTweet } from "../social/tweets";
import type { FanOutDeps, FanOutOptions } from "./feed";

const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Brings the feeds of a reposter's followers in line with the repost as it is now — whichever of a repost and its
 * undo ran last decides, so retries and reordered jobs converge. Reposted: each follower without the post gets it
 * as a "reposted by" entry (numbered in their feed; one entry however many of their followees repost it). Undone:
 * each follower's "reposted by" entry goes (a removal event) unless another person they follow still reposts it or
 * they follow its author. Never the author's own feed, nor the reposter's. Batch by batch over follower ids.
 */
export async function syncRepost(deps: FanOutDeps, tweetId: string, reposterId: string, options: FanOutOptions = {}) {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const [row] = await selectTweets(deps.db).where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)));
  if (!row) return 0;
  const [repost] = await deps.db
    .select({ userId: engagements.userId })
    .from(engagements)
    .where(and(eq(engagements.tweetId, tweetId), eq(engagements.userId, reposterId), eq(engagements.kind, "retweet")));
  const tweet = toTweet(row);
  const [reposter] = await deps.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, reposterId));
  const repostedBy = { users: reposter ? [reposter] : [], total: 1 };
  let changed = 0;
  for (let after: string | undefined; ; ) {
    const batch = await deps.db
      .select({ id: follows.followerId })
      .from(follows)
      .where(and(eq(follows.followeeId, reposterId), after === undefined ? undefined : gt(follows.followerId, after)))
      .orderBy(follows.followerId)
      .limit(batchSize);
    const recipients = batch.map((follower) => follower.id).filter((id) => id !== row.author.id);
    if (recipients.length > 0) {
      const rows = repost
        ? await addReposted(deps, tweetId, row.author.id, recipients)
        : await removeReposted(deps, tweetId, row.author.id, recipients);
      changed += rows.length;
      await Promise.all(
        rows.map(({ userId, seq, addedAt }) => {
          const message: FeedMessage = repost
            ? { type: "new", entry: { seq, addedAt, tweet, repostedBy } }
            : { type: "removed", removal: { seq, removedTweetId: tweetId } };
          return deps.bus
            .publish(channels.userFeed(userId), message)
            .catch((error: unknown) => deps.logger.warn({ err: error, userId }, "feed publish failed"));
        }),
      );
    }
    const last = batch.at(-1);
    if (batch.length < batchSize || !last) return changed;
    after = last.id;
    await yieldToEventLoop();
  }
}

type Changed = { userId: string; seq: number; addedAt: string };

function toChanged(rows: Array<{ user_id: string; seq: string | number; created_at: Date | string }>): Changed[] {
  return rows.map((r) => ({ userId: r.user_id, seq: Number(r.seq), addedAt: new Date(r.created_at).toISOString() }));
}

/** Sequences bumped in user-id order, as fan-out does, so the two cannot deadlock. */
async function addReposted(deps: FanOutDeps, tweetId: string, authorId: string, recipientIds: string[]) {
  const recipients = `{${recipientIds.join(",")}}`;
  const rows = await queryRows<{ user_id: string; seq: string | number; created_at: Date | string }>(
    deps.db,
    sql`
      with recipients as (
        select distinct r.user_id from unnest(${recipients}::uuid[]) as r(user_id)
        where not exists (
          select 1 from ${feedEntries} fe
          where fe.user_id = r.user_id and fe.tweet_id = ${tweetId}::uuid and fe.removed_at is null
        )
      ),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select user_id, 'feed', 1 from recipients order by user_id
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning user_id, last_seq
      )
      insert into ${feedEntries} (user_id, seq, tweet_id, author_id, via_repost)
      select user_id, last_seq, ${tweetId}::uuid, ${authorId}::uuid, true from bumped
      on conflict (user_id, tweet_id) do update
        set seq = excluded.seq, removed_at = null, via_repost = true, created_at = now()
      returning user_id, seq, created_at`,
  );
  return toChanged(rows);
}

async function removeReposted(deps: FanOutDeps, tweetId: string, authorId: string, recipientIds: string[]) {
  const recipients = `{${recipientIds.join(",")}}`;
  const rows = await queryRows<{ user_id: string; seq: string | number; created_at: Date | string }>(
    deps.db,
    sql`
      with affected as (
        select fe.user_id from ${feedEntries} fe
        where fe.tweet_id = ${tweetId}::uuid and fe.user_id = any(${recipients}::uuid[])
          and fe.via_repost and fe.removed_at is null
          and not exists (
            select 1 from ${follows} f where f.follower_id = fe.user_id and f.followee_id = ${authorId}::uuid
          )
          and not exists (
            select 1 from ${engagements} e join ${follows} f on f.followee_id = e.user_id and f.follower_id = fe.user_id
            where e.tweet_id = ${tweetId}::uuid and e.kind = 'retweet'
          )
      ),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select user_id, 'feed', 1 from affected order by user_id
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning user_id, last_seq
      )
      update ${feedEntries} fe set seq = b.last_seq, removed_at = now()
      from bumped b
      where fe.user_id = b.user_id and fe.tweet_id = ${tweetId}::uuid
      returning fe.user_id, fe.seq, fe.created_at`,
  );
  return toChanged(rows);
}
