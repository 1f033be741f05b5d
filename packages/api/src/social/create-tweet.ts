import {
  type Database,
  feedEntries,
  follows,
  jobOutbox,
  newId,
  notificationSettings,
  notifications,
  queryRowsPrepared,
  type SQL,
  sql,
  streamSequences,
  type Transaction,
  tweets,
  userMutes,
  users,
} from "@pulse/db";
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { toNotificationEvent } from "../notifications/records";
import { engagementCounts, toTweet } from "./tweets";

export interface NewTweet {
  author: SessionUser;
  content: string;
  replyToId: string | null;
  topics: string[];
  /** Usernames @mentioned (at most a bounded few); unknown ones are ignored. */
  mentionedUsernames: string[];
  /** The client's id for this submit; a second insert with the same one writes nothing. */
  requestId?: string | undefined;
}

const timestamp = z.coerce.date();

/** The one row the statement answers; json columns come back parsed by both drivers. */
const writtenSchema = z.object({
  tweet: z.object({ id: z.string(), createdAt: timestamp }).nullable(),
  parent: z
    .object({
      id: z.string(),
      authorId: z.string(),
      topics: z.array(z.string()),
      likeCount: z.number(),
      replyCount: z.number(),
      retweetCount: z.number(),
      bookmarkCount: z.number(),
    })
    .nullable(),
  notifications: z.array(
    z.object({
      id: z.string(),
      recipientId: z.string(),
      seq: z.number(),
      kind: z.enum(["REPLY", "MENTION"]),
      createdAt: timestamp,
    }),
  ),
  ownEntry: z.object({ seq: z.number(), createdAt: timestamp }).nullable(),
  fanOutJobId: z.string().nullable(),
});

/**
 * The ids of the users with these names. `= any(array(…))`, not `in (select …)`: the set function is estimated at
 * 100 rows, and the planner then hashed them and scanned every user — 1.4 ms at 10 000 users, per mention tweet.
 * With an array each name is one probe of the username index (create-tweet.test.ts checks the plan).
 */
export function namedUserIds(usernames: readonly string[]) {
  return sql`select id from ${users}
    where username = any(array(select jsonb_array_elements_text(${JSON.stringify(usernames)}::jsonb)))`;
}

/**
 * Whether the user has a follower. Not `exists (select 1 … where followee_id = $1)`: in the prepared statement's
 * generic plan, where follows are skewed (one account followed by thousands), PostgreSQL expects every row to match
 * and scans the whole table — 0.9 ms at 10 600 follows, per tweet of anyone without followers. Asking for the first
 * follower in index order keeps it one probe of follows_followee_idx (create-tweet.test.ts checks the plan).
 */
export function hasFollowers(userId: SQL) {
  return sql`(select follower_id from ${follows} where followee_id = ${userId}
    order by followee_id, follower_id limit 1) is not null`;
}

/**
 * Writes a tweet and everything it causes in ONE statement (one round trip, atomic on its own): the tweet; the
 * parent's reply counter; a REPLY notification to the parent's author and MENTION notifications to the mentioned
 * users (never to oneself, never both to one person, never to someone who muted the author or switched the kind
 * off), each numbered in its recipient's stream; the author's own
 * feed entry; and the fan-out job in the outbox only when the author has followers to fan out to. Sequence rows are
 * upserted in user-id order, so concurrent writers sharing recipients cannot deadlock; their locks hold until commit,
 * so each stream's numbers commit in order. Returns null when nothing was written: the replied-to tweet does not
 * exist (or was deleted), or the author already wrote a tweet with this request id (a retry or a double submit).
 */
export async function insertTweet(db: Database | Transaction, input: NewTweet) {
  const me = input.author.id;
  const replyToId = input.replyToId;
  // Ids are UUIDv7 made here, as everywhere (time-ordered keys): one per possible recipient.
  const tweetId = newId();
  const notificationIds = Array.from({ length: input.mentionedUsernames.length + 1 }, newId);
  const [row] = await queryRowsPrepared<Record<string, unknown>>(
    db,
    "pulse_insert_tweet",
    sql`
      with parent_row as (
        select id from ${tweets}
        where ${replyToId}::uuid is not null and id = ${replyToId}::uuid and deleted_at is null
      ),
      mentioned as (${namedUserIds(input.mentionedUsernames)}),
      t as (
        insert into ${tweets} (id, author_id, content, reply_to_id, topics, mention_ids, request_id)
        select ${tweetId}::uuid, ${me}::uuid, ${input.content}, ${replyToId}::uuid,
          array(select jsonb_array_elements_text(${JSON.stringify(input.topics)}::jsonb)),
          array(select id from mentioned), ${input.requestId ?? null}::uuid
        where ${replyToId}::uuid is null or exists (select 1 from parent_row)
        on conflict (author_id, request_id) do nothing
        returning id, created_at
      ),
      -- Counted only when the reply was written: a repeated request id bumps nothing.
      parent as (
        update ${tweets} set reply_count = reply_count + 1
        where id = (select id from parent_row) and exists (select 1 from t)
        returning id, author_id, topics, like_count, reply_count, retweet_count, bookmark_count
      ),
      candidates as (
        select author_id as user_id, 'REPLY'::notification_kind as kind from parent where author_id <> ${me}::uuid
        union all
        select id, 'MENTION'::notification_kind from mentioned where id <> ${me}::uuid
      ),
      -- Each recipient's preferences and mutes apply here, before anything is numbered or stored: nobody who muted
      -- the author, no kind switched off. One notification per person, the REPLY if both are allowed.
      recipients as (
        select distinct on (c.user_id) c.user_id, c.kind from candidates c
        where not exists (select 1 from ${userMutes} m where m.user_id = c.user_id and m.muted_id = ${me}::uuid)
          and not exists (
            select 1 from ${notificationSettings} s where s.user_id = c.user_id and c.kind = any(s.disabled_kinds)
          )
        order by c.user_id, c.kind = 'REPLY' desc
      ),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select r.user_id, 'notifications', 1 from recipients r cross join t order by r.user_id
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning user_id, last_seq
      ),
      notified as (
        insert into ${notifications} (id, recipient_id, seq, kind, actor_id, tweet_id, dedupe_key)
        select (${JSON.stringify(notificationIds)}::jsonb ->> (row_number() over (order by b.user_id) - 1)::int)::uuid,
          b.user_id, b.last_seq, r.kind, ${me}::uuid, t.id, r.kind || ':' || ${me} || ':' || t.id
        from bumped b join recipients r on r.user_id = b.user_id cross join t
        returning id, recipient_id, seq, kind, created_at
      ),
      own_seq as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select ${me}::uuid, 'feed', 1 from t
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning last_seq
      ),
      own_entry as (
        insert into ${feedEntries} (user_id, seq, tweet_id, author_id)
        select ${me}::uuid, own_seq.last_seq, t.id, ${me}::uuid from own_seq cross join t
        returning seq, created_at
      ),
      fan_out as (
        insert into ${jobOutbox} (queue, job_id, payload)
        select 'feed.fanout', 'feed.fanout-' || t.id, jsonb_build_object('tweetId', t.id) from t
        where ${hasFollowers(sql`${me}::uuid`)}
        on conflict (job_id) do nothing
        returning job_id
      )
      select
        (select json_build_object('id', id, 'createdAt', created_at) from t) as tweet,
        (select json_build_object('id', id, 'authorId', author_id, 'topics', topics, 'likeCount', like_count,
          'replyCount', reply_count, 'retweetCount', retweet_count, 'bookmarkCount', bookmark_count) from parent) as parent,
        (select coalesce(json_agg(json_build_object('id', id, 'recipientId', recipient_id, 'seq', seq, 'kind', kind,
          'createdAt', created_at)), '[]') from notified) as notifications,
        (select json_build_object('seq', seq, 'createdAt', created_at) from own_entry) as "ownEntry",
        (select job_id from fan_out) as "fanOutJobId"`,
  );
  const written = writtenSchema.parse(row);
  if (!written.tweet) return null;
  const { id: authorId, username, displayName } = input.author;
  const author = { id: authorId, username, displayName };
  const tweet = toTweet({
    id: written.tweet.id,
    content: input.content,
    replyToId,
    topics: input.topics,
    likeCount: 0,
    replyCount: 0,
    retweetCount: 0,
    bookmarkCount: 0,
    createdAt: written.tweet.createdAt,
    author,
  });
  return {
    tweet,
    parent: written.parent && { authorId: written.parent.authorId, topics: written.parent.topics },
    parentCounts: written.parent && engagementCounts(written.parent),
    notifications: written.notifications.map((n) => ({
      recipientId: n.recipientId,
      event: toNotificationEvent({ ...n, tweetId: tweet.id, readAt: null, content: input.content, actor: author }),
    })),
    ownEntry: written.ownEntry && {
      seq: written.ownEntry.seq,
      addedAt: written.ownEntry.createdAt.toISOString(),
      tweet,
    },
    fanOutJobId: written.fanOutJobId,
  };
}

export type WrittenTweet = NonNullable<Awaited<ReturnType<typeof insertTweet>>>;
