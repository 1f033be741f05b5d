import { and, builtOncePerDatabase, eq, isNull, sql, tweets } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import { channels } from "../channels";
import type { Context } from "../context";
import { engagementCounts } from "../social/tweets";
import { sharedReadPerDatabase } from "../streams/shared-read";
import { stateStream } from "../streams/state-stream";

/** Updates of one tweet's counts are coalesced to at most one message per this interval per subscriber. */
const COALESCE_MS = 250;

const liveCounts = builtOncePerDatabase((db) =>
  db
    .select(engagementCounts.columns)
    .from(tweets)
    .where(and(eq(tweets.id, sql.placeholder("tweetId")), isNull(tweets.deletedAt)))
    .prepare("pulse_live_counts"),
);

export async function readCounts(ctx: Pick<Context, "db">, tweetId: string) {
  const [tweet] = await liveCounts(ctx.db).execute({ tweetId });
  return tweet ? engagementCounts(tweet) : undefined;
}

/** What `engagement.onUpdate` carries: the counts, and whether the post was deleted (its tombstone). */
export type EngagementState = ReturnType<typeof engagementCounts> & { deleted: boolean };

// Every engagement.onUpdate start and every coalesced bell of a watched tweet reads it.
const engagementState = builtOncePerDatabase((db) =>
  db
    .select({ ...engagementCounts.columns, deletedAt: tweets.deletedAt })
    .from(tweets)
    .where(eq(tweets.id, sql.placeholder("tweetId")))
    .prepare("pulse_engagement_state"),
);

/** The tweet's counts and whether it was deleted, tombstones included; undefined when no such tweet ever was. */
async function readEngagement(db: Context["db"], tweetId: string): Promise<EngagementState | undefined> {
  const [tweet] = await engagementState(db).execute({ tweetId });
  return tweet ? { ...engagementCounts(tweet), deleted: tweet.deletedAt !== null } : undefined;
}

/** The subscribers of a tweet woken by one bell cost one query on this instance. */
const sharedEngagement = sharedReadPerDatabase(readEngagement);

/**
 * The tweet's counts now, then coalesced updates (at most one per COALESCE_MS) with the committed totals. Once the
 * author deletes it, one more state: the last counts sent with `deleted: true` (its screens turn it into a
 * tombstone), and nothing after that. Subscribing to an already deleted post yields its tombstone's state, so a
 * client resubscribing after a reconnect learns of a delete it missed.
 */
export async function* engagementStream(ctx: Context, tweetId: string, signal: AbortSignal | undefined) {
  let lastKnown: EngagementState | undefined;
  yield* stateStream({
    bus: ctx.bus,
    channel: channels.tweetEngagement(tweetId),
    signal,
    coalesceMs: COALESCE_MS,
    read: async (since): Promise<EngagementState> => {
      const state = await sharedEngagement(ctx.db, since, tweetId);
      // The first read, made once the stream listens (one query per subscriber, not a check and then a read):
      // an unknown post is an error, a deleted one its tombstone.
      if (!lastKnown) {
        if (!state) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
        lastKnown = state;
        return state;
      }
      // A tombstone's counters are zeroed: the counts the post had stay on the wire.
      if (!state || state.deleted) return { ...lastKnown, deleted: true };
      lastKnown = state;
      return state;
    },
  });
}
