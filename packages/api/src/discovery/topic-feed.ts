import { and, asc, type Database, desc, isNull, sql, tweets } from "@pulse/db";
import type { EventBus } from "@pulse/realtime";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { channels, type TopicMessage } from "../channels";
import { type Cursor, decodeCursor, encodeCursor, page } from "../social/cursor";
import { selectTweets, type Tweet, toTweet } from "../social/tweets";
import { Inbox } from "../streams/inbox";

/**
 * A topic as typed after '#', as the server extracts it (social/text.ts): letters, digits and '_', 1–50, compared
 * lower-case. A leading '#' is accepted and dropped. Anything else is BAD_REQUEST (it also names a bus channel).
 */
export const topicInput = z
  .string()
  .trim()
  .transform((topic) => topic.replace(/^#/, "").toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,50}$/u, "a topic is 1–50 letters, digits or _"));

/** What `discovery.onTopic` yields: a new post, or (after too long away) a reset telling the client to refetch. */
export type TopicStreamItem = TopicMessage | { type: "reset" };

/** A resuming client missing more than this many posts gets one reset instead. */
export const TOPIC_REPLAY_LIMIT = 100;
/** Ids already yielded, remembered to drop a post both replayed and heard live (far more than a replay holds). */
const SEEN_IDS = 500;

const withTopic = (topic: string) => sql`${tweets.topics} @> array[${topic}]::text[]`;
/**
 * The sort key's time in whole milliseconds, as a cursor carries it (a JavaScript Date): PostgreSQL keeps
 * microseconds, and comparing those with a cursor's milliseconds would return a cursor's own post after it.
 */
const createdMs = sql<Date>`date_trunc('milliseconds', ${tweets.createdAt})`;
const after = (cursor: Cursor) =>
  sql`(${createdMs}, ${tweets.id}) > (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
const before = (cursor: Cursor) =>
  sql`(${createdMs}, ${tweets.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
const cursorOf = (tweet: { id: string; createdAt: string | Date }): Cursor => ({
  at: new Date(tweet.createdAt),
  id: tweet.id,
});

/**
 * Newest first, in keyset pages over (created_at, id). Served by the GIN index on `topics`; a page costs the
 * topic's matching rows in the cursor's range (see the report's note on very large topics).
 */
export async function topicPage(db: Database, topic: string, cursor: Cursor | undefined, limit: number) {
  const rows = await selectTweets(db)
    .where(and(withTopic(topic), isNull(tweets.deletedAt), cursor ? before(cursor) : undefined))
    .orderBy(desc(createdMs), desc(tweets.id))
    .limit(limit + 1);
  const { items, nextCursor } = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
  const first = items[0];
  return {
    items: items.map(toTweet),
    nextCursor,
    /** The newest post's event id: pass it to `discovery.onTopic` as lastEventId to miss nothing in between. */
    headEventId: first ? encodeCursor({ at: first.createdAt, id: first.id }) : null,
  };
}

/** Posts with the topic after `cursor`, oldest first, at most `limit`. */
async function postsAfter(db: Database, topic: string, cursor: Cursor, limit: number): Promise<Tweet[]> {
  const rows = await selectTweets(db)
    .where(and(withTopic(topic), isNull(tweets.deletedAt), after(cursor)))
    .orderBy(asc(createdMs), asc(tweets.id))
    .limit(limit);
  return rows.map(toTweet);
}

const isAfter = (a: Cursor, b: Cursor) => a.at > b.at || (a.at.getTime() === b.at.getTime() && a.id > b.id);

/** One item object per bus message: every local subscriber yields the same object, serialized once. */
const itemOfMessage = new WeakMap<TopicMessage, TopicStreamItem>();
function itemOf(message: TopicMessage): TopicStreamItem {
  let item = itemOfMessage.get(message);
  if (!item) {
    item = { type: "post", tweet: message.tweet };
    itemOfMessage.set(message, item);
  }
  return item;
}

const RESYNC = Symbol("resync");
const RESET: TopicStreamItem = { type: "reset" };
const postItem = (tweet: Tweet): TopicStreamItem => ({ type: "post", tweet });

/** The newest post's cursor, or the start of time for a topic nobody used yet. */
async function newestCursor(db: Database, topic: string): Promise<Cursor> {
  const newest = (await topicPage(db, topic, undefined, 1)).items[0];
  return newest ? cursorOf(newest) : { at: new Date(0), id: "00000000-0000-0000-0000-000000000000" };
}

export interface TopicStreamOptions {
  db: Database;
  bus: EventBus;
  topic: string;
  signal: AbortSignal | undefined;
  /** The last event id the client saw (a post's cursor); posts after it are replayed first. */
  lastEventId: string | null | undefined;
}

/**
 * New posts with a topic while a topic page is open. Listens first, then replays what the client missed after
 * `lastEventId` (bounded: beyond TOPIC_REPLAY_LIMIT one reset), then yields live posts, dropping any already
 * yielded; when the bus reconnects it re-reads from the newest post yielded. Ids are post cursors, so the client's
 * automatic lastEventId on reconnect resumes it. A post is public to every signed-in user, so the channel may come
 * from input: it carries nothing private.
 * Ordering caveat: a post whose transaction began before an already-delivered one but committed after it arrives
 * live (the bus does not reorder), but a replay after a reconnect keyed on the newest cursor could skip it.
 */
export async function* topicStream(options: TopicStreamOptions) {
  const { db, topic } = options;
  const messages = new Inbox<TopicMessage | typeof RESYNC>(options.signal);
  const subscription = options.bus.listen(channels.topic(topic), (message) => messages.push(message));
  const stopResync = options.bus.onResync(() => messages.push(RESYNC));
  if (!subscription.isLive)
    subscription.live.then(
      () => messages.push(RESYNC),
      () => {},
    );
  const seen = new Set<string>();
  const remember = (id: string) => {
    seen.add(id);
    // A Set iterates in insertion order: drop the oldest.
    const oldest = seen.size > SEEN_IDS ? seen.values().next().value : undefined;
    if (oldest !== undefined) seen.delete(oldest);
  };
  try {
    // Where a replay starts: the client's last post, else the newest post now (a bus reconnect re-reads from there).
    let last: Cursor = decodeCursor(options.lastEventId) ?? (await newestCursor(db, topic));
    const replay = async function* (from: Cursor) {
      const missed = await postsAfter(db, topic, from, TOPIC_REPLAY_LIMIT + 1);
      if (missed.length > TOPIC_REPLAY_LIMIT) {
        last = await newestCursor(db, topic);
        yield tracked(encodeCursor(last), RESET);
        return;
      }
      for (const tweet of missed) {
        const at = cursorOf(tweet);
        if (isAfter(at, last)) last = at;
        if (seen.has(tweet.id)) continue;
        remember(tweet.id);
        yield tracked(encodeCursor(at), postItem(tweet));
      }
    };
    if (options.lastEventId) yield* replay(last);

    for await (const message of messages) {
      if (message === RESYNC) {
        yield* replay(last);
        continue;
      }
      if (seen.has(message.tweet.id)) continue;
      const at = cursorOf(message.tweet);
      if (isAfter(at, last)) last = at;
      remember(message.tweet.id);
      yield tracked(encodeCursor(at), itemOf(message));
    }
  } catch (error) {
    // The client went away: the normal end of a subscription.
    if (!options.signal?.aborted) throw error;
  } finally {
    stopResync();
    void subscription.unsubscribe();
  }
}
