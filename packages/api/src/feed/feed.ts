import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import {
  and,
  builtOncePerDatabase,
  type Database,
  desc,
  engagements,
  eq,
  feedEntries,
  follows,
  gt,
  inArray,
  isNull,
  lt,
  queryRows,
  sql,
  streamSequences,
  tweets,
  users,
} from "@pulse/db";
import type { EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { channels, type FeedMessage } from "../channels";
import { selectTweets, type Tweet, toTweet, tweetColumns } from "../social/tweets";
import { sharedReadPerDatabase } from "../streams/shared-read";

/** Who put a post in my feed by reposting it: the first few of the people I follow who did, and how many did. */
export type RepostedBy = { users: Array<{ id: string; username: string; displayName: string }>; total: number };

/**
 * One entry of a user's feed: the tracked event of `feed.onNew`, numbered in the user's "feed" stream.
 * `repostedBy` is there only when the entry came in through reposts.
 */
export type FeedEvent = { seq: number; addedAt: string; tweet: Tweet; repostedBy?: RepostedBy };

/** Names shown per "reposted by" line ("A and B", "A, B and 3 others"). */
const REPOSTERS_SHOWN = 2;

/** A post left the feed (it was deleted): numbered in the same stream, so it replays in order. */
export type FeedRemoval = { seq: number; removedTweetId: string };

/** Everything the feed stream carries, in seq order. */
export type FeedChange = FeedEvent | FeedRemoval;

/** The change a feed message carries; a bulk bell ("changed") carries none and makes the stream read back. */
export function feedEventOf(message: FeedMessage): FeedChange | undefined {
  if (message.type === "new") return message.entry;
  if (message.type === "removed") return message.removal;
  return undefined;
}

/** The stream item of a change: entries as they always were, removals as their own type (older clients skip it). */
export function presentFeedChange(change: FeedChange) {
  return "removedTweetId" in change
    ? { type: "removed" as const, seq: change.seq, tweetId: change.removedTweetId }
    : { type: "event" as const, event: change };
}

const entryColumns = {
  ...tweetColumns,
  seq: feedEntries.seq,
  addedAt: feedEntries.createdAt,
  removedAt: feedEntries.removedAt,
  viaRepost: feedEntries.viaRepost,
};

function selectEntries(db: Database) {
  return db
    .select(entryColumns)
    .from(feedEntries)
    .innerJoin(tweets, eq(tweets.id, feedEntries.tweetId))
    .innerJoin(users, eq(users.id, tweets.authorId));
}

type EntryRow = Awaited<ReturnType<typeof selectEntries>>[number];

function toFeedEvent(row: EntryRow, repostedBy?: RepostedBy): FeedEvent {
  const event = { seq: row.seq, addedAt: row.addedAt.toISOString(), tweet: toTweet(row) };
  return repostedBy ? { ...event, repostedBy } : event;
}

/** For the entries that came in through reposts: who among the people the user follows reposted each. */
async function repostersOf(db: Database, userId: string, rows: EntryRow[]): Promise<Map<string, RepostedBy>> {
  const tweetIds = rows.filter((row) => row.viaRepost && !row.removedAt).map((row) => row.id);
  const byTweet = new Map<string, RepostedBy>();
  if (tweetIds.length === 0) return byTweet;
  const reposters = await db
    .select({ tweetId: engagements.tweetId, id: users.id, username: users.username, displayName: users.displayName })
    .from(engagements)
    .innerJoin(follows, and(eq(follows.followeeId, engagements.userId), eq(follows.followerId, userId)))
    .innerJoin(users, eq(users.id, engagements.userId))
    .where(and(inArray(engagements.tweetId, tweetIds), eq(engagements.kind, "retweet")))
    .orderBy(engagements.createdAt);
  for (const { tweetId, ...user } of reposters) {
    const entry = byTweet.get(tweetId) ?? { users: [], total: 0 };
    if (entry.users.length < REPOSTERS_SHOWN) entry.users.push(user);
    entry.total += 1;
    byTweet.set(tweetId, entry);
  }
  return byTweet;
}

async function toFeedEvents(db: Database, userId: string, rows: EntryRow[]): Promise<FeedChange[]> {
  const reposters = await repostersOf(db, userId, rows);
  return rows.map((row) =>
    row.removedAt ? { seq: row.seq, removedTweetId: row.id } : toFeedEvent(row, reposters.get(row.id)),
  );
}

// Every gap, resync and resume of `feed.onNew` runs it: built once, not per call.
const entriesAfter = builtOncePerDatabase((db) =>
  selectEntries(db)
    .where(and(eq(feedEntries.userId, sql.placeholder("userId")), gt(feedEntries.seq, sql.placeholder("afterSeq"))))
    .orderBy(feedEntries.seq)
    .limit(sql.placeholder("limit"))
    .prepare("pulse_feed_after"),
);

/** Ascending by seq after `afterSeq`, removals included: the replay of `feed.onNew`. */
export async function feedAfter(db: Database, userId: string, afterSeq: number, limit: number) {
  const rows = await entriesAfter(db).execute({ userId, afterSeq, limit });
  return toFeedEvents(db, userId, rows);
}

/** As feedAfter, one read for the subscriptions of this instance that need the same page together. */
export const sharedFeedAfter = sharedReadPerDatabase(feedAfter);

/** Newest first, for `feed.list`; `beforeSeq` is the keyset cursor. */
export async function feedBefore(db: Database, userId: string, beforeSeq: number | undefined, limit: number) {
  const rows = await selectEntries(db)
    .where(
      and(
        eq(feedEntries.userId, userId),
        isNull(feedEntries.removedAt),
        beforeSeq === undefined ? undefined : lt(feedEntries.seq, beforeSeq),
      ),
    )
    .orderBy(desc(feedEntries.seq))
    .limit(limit);
  // No removals here: the filter above keeps them out.
  return (await toFeedEvents(db, userId, rows)).filter((change): change is FeedEvent => "tweet" in change);
}

export interface FanOutDeps {
  db: Database;
  bus: EventBus;
  logger: Pick<Logger, "warn">;
}

export interface FanOutOptions {
  /** Followers per statement. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1_000;

/**
 * One statement per batch of recipients: skips those who already have the tweet (a retried job), bumps each
 * remaining recipient's "feed" sequence in one upsert (rows locked in user-id order, so two fan-outs sharing
 * recipients cannot deadlock; the lock holds until commit, so each user's entries commit in seq order), and inserts
 * the entries. ON CONFLICT DO NOTHING on (user_id, tweet_id) keeps a concurrent duplicate run from inserting twice;
 * only such a race can leave a seq gap, which the stream reader tolerates. Returns the batch's entries that already
 * existed too (`inserted` false): a retry re-publishes them, since the run that wrote them may have died before its
 * publishes left (subscribers drop an entry they already have by its seq).
 */
async function insertEntries(db: Database, tweetId: string, authorId: string, recipientIds: string[]) {
  // One array parameter (a PostgreSQL array literal: uuids need no quoting) instead of one parameter per recipient.
  const recipients = `{${recipientIds.join(",")}}`;
  const rows = await queryRows<{ user_id: string; seq: string | number; created_at: Date | string; inserted: boolean }>(
    db,
    sql`
      with existing as (
        select fe.user_id, fe.seq, fe.created_at
        from ${feedEntries} fe
        where fe.tweet_id = ${tweetId}::uuid and fe.user_id = any(${recipients}::uuid[]) and fe.removed_at is null
      ),
      recipients as (
        select distinct r.user_id
        from unnest(${recipients}::uuid[]) as r(user_id)
        where not exists (
          select 1 from ${feedEntries} fe where fe.user_id = r.user_id and fe.tweet_id = ${tweetId}::uuid
        )
      ),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select user_id, 'feed', 1 from recipients order by user_id
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning user_id, last_seq
      ),
      inserted as (
        insert into ${feedEntries} (user_id, seq, tweet_id, author_id)
        select user_id, last_seq, ${tweetId}::uuid, ${authorId}::uuid from bumped
        on conflict do nothing
        returning user_id, seq, created_at
      )
      select user_id, seq, created_at, true as inserted from inserted
      union all
      select user_id, seq, created_at, false as inserted from existing`,
  );
  return rows.map((row) => ({
    userId: row.user_id,
    seq: Number(row.seq),
    addedAt: new Date(row.created_at),
    inserted: row.inserted,
  }));
}

/**
 * Copies a tweet into the feeds of its author and every follower, batch by batch (keyset over follower ids), off
 * the request path. Each batch commits on its own, then rings each recipient's feed channel with the entry;
 * between batches it yields to the event loop so other jobs and requests keep flowing. Idempotent: a retry writes
 * nothing that is written, but rings every recipient again, so no one misses the live event because an earlier run
 * died between its commit and its publishes. Returns how many entries it added.
 */
export async function fanOutTweet(deps: FanOutDeps, tweetId: string, options: FanOutOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const [row] = await selectTweets(deps.db).where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)));
  // Deleted before its fan-out ran: nothing to do.
  if (!row) return 0;
  const tweet = toTweet(row);
  const authorId = row.author.id;
  let added = 0;
  let after: string | undefined;
  for (let first = true; ; first = false) {
    const batch = await deps.db
      .select({ id: follows.followerId })
      .from(follows)
      .where(and(eq(follows.followeeId, authorId), after === undefined ? undefined : gt(follows.followerId, after)))
      .orderBy(follows.followerId)
      .limit(batchSize);
    const recipientIds = batch.map((follower) => follower.id);
    if (first) recipientIds.push(authorId);
    if (recipientIds.length > 0) {
      const entries = await insertEntries(deps.db, tweetId, authorId, recipientIds);
      added += entries.filter((entry) => entry.inserted).length;
      await Promise.all(
        entries.map(({ userId, seq, addedAt }) =>
          deps.bus
            .publish(channels.userFeed(userId), {
              type: "new",
              entry: { seq, addedAt: addedAt.toISOString(), tweet },
            })
            .catch((error: unknown) => deps.logger.warn({ err: error, userId }, "feed publish failed")),
        ),
      );
    }
    const last = batch.at(-1);
    if (batch.length < batchSize || !last) return added;
    after = last.id;
    await yieldToEventLoop();
  }
}
