import { and, eq, isNull, tweets } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import { channels } from "../channels";
import type { Context } from "../context";
import { engagementCounts } from "../social/tweets";
import { sharedRead } from "../streams/shared-read";
import { stateStream } from "../streams/state-stream";

/** Updates of one tweet's counts are coalesced to at most one message per this interval per subscriber. */
const COALESCE_MS = 250;

/** One shared counts reader per database: the subscribers of a tweet woken by one bell cost one query. */
const sharedCounts = new WeakMap<Context["db"], (tweetId: string, since: number) => ReturnType<typeof readCounts>>();

function countsReader(ctx: Context) {
  const { db } = ctx;
  let reader = sharedCounts.get(db);
  if (!reader) {
    reader = sharedRead((tweetId: string) => readCounts({ db }, tweetId));
    sharedCounts.set(db, reader);
  }
  return reader;
}

export async function readCounts(ctx: Pick<Context, "db">, tweetId: string) {
  const [tweet] = await ctx.db
    .select(engagementCounts.columns)
    .from(tweets)
    .where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)));
  return tweet ? engagementCounts(tweet) : undefined;
}

/** The tweet's counts now, then coalesced updates (at most one per COALESCE_MS) with the committed totals. */
export async function* engagementStream(ctx: Context, tweetId: string, signal: AbortSignal | undefined) {
  const initial = await readCounts(ctx, tweetId);
  if (!initial) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
  yield* stateStream({
    bus: ctx.bus,
    channel: channels.tweetEngagement(tweetId),
    signal,
    coalesceMs: COALESCE_MS,
    // A deleted tweet keeps its last counts on the wire.
    read: async (since) => (await countsReader(ctx)(tweetId, since)) ?? initial,
  });
}
