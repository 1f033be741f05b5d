import { and, desc, engagements, eq, inArray, isNull, jobOutbox, lt, newId, or, sql, tweets, users } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { channels } from "../channels";
import type { Context } from "../context";
import { cursorInput, decodeCursor, page } from "../social/cursor";
import { createNotification, retractNotification } from "../social/notifications";
import { relayAfterCommit } from "../social/outbox";
import { transactAndPublish } from "../social/publish";
import { engagementCounts, toTweet, tweetColumns } from "../social/tweets";
import { sharedRead } from "../streams/shared-read";
import { stateStream } from "../streams/state-stream";
import { protectedProcedure } from "../trpc";

type Kind = (typeof engagements.$inferSelect)["kind"];

const tweetIdInput = z.object({ tweetId: z.uuid() });
const counterOf = { like: "likeCount", retweet: "retweetCount", bookmark: "bookmarkCount" } as const;
const notificationOf = { like: "LIKE", retweet: "RETWEET", bookmark: undefined } as const;
/** Updates of one tweet's counts are coalesced to at most one message per this interval per subscriber. */
const COALESCE_MS = 250;

/** Adds (or removes) one engagement; idempotent: repeating it changes nothing and notifies nobody. */
async function setEngagement(
  ctx: Context & { session: NonNullable<Context["session"]> },
  tweetId: string,
  kind: Kind,
  on: boolean,
) {
  const me = ctx.session.user;
  if (!(await readCounts(ctx, tweetId))) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
  let repostJobId: string | undefined;
  const result = await transactAndPublish(ctx, async (tx, emit) => {
    const key = and(eq(engagements.userId, me.id), eq(engagements.tweetId, tweetId), eq(engagements.kind, kind));
    const changed = on
      ? await tx
          .insert(engagements)
          .values({ userId: me.id, tweetId, kind })
          .onConflictDoNothing()
          .returning({ kind: engagements.kind })
      : await tx.delete(engagements).where(key).returning({ kind: engagements.kind });
    const counter = counterOf[kind];
    const [tweet] = await tx
      .update(tweets)
      .set({ [counter]: sql`${tweets[counter]} + ${changed.length === 0 ? 0 : on ? 1 : -1}` })
      .where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)))
      .returning(engagementCounts.columns);
    // Deleted between the check and the update: the throw rolls the engagement back.
    if (!tweet) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    if (changed.length === 0) return { active: on, changed: false, counts: engagementCounts(tweet) };
    emit(channels.tweetEngagement(tweetId), { type: "changed" });
    const notificationKind = notificationOf[kind];
    if (on && notificationKind) {
      const notification = await createNotification(tx, {
        recipientId: tweet.authorId,
        kind: notificationKind,
        actor: me,
        tweetId,
      });
      if (notification) emit(channels.userNotifications(tweet.authorId), { type: "new", notification });
    } else if (notificationKind) {
      // Undone: the author's notification of it goes too, live and in the replay.
      const retraction = await retractNotification(tx, {
        recipientId: tweet.authorId,
        kind: notificationKind,
        actorId: me.id,
        tweetId,
      });
      if (retraction)
        emit(channels.userNotifications(tweet.authorId), {
          type: "retracted",
          retraction,
        });
    }
    if (kind === "retweet") {
      // The reposter's followers' feeds follow the repost (or its undo) off the request path, via the outbox.
      repostJobId = `feed.fanout-repost-${newId()}`;
      await tx.insert(jobOutbox).values({
        queue: "feed.fanout",
        jobId: repostJobId,
        payload: { tweetId, reposterId: me.id },
      });
    }
    return { active: on, changed: true, counts: engagementCounts(tweet) };
  });
  if (repostJobId) await relayAfterCommit(ctx, [repostJobId]);
  return result;
}

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

async function readCounts(ctx: Pick<Context, "db">, tweetId: string) {
  const [tweet] = await ctx.db
    .select(engagementCounts.columns)
    .from(tweets)
    .where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)));
  return tweet ? engagementCounts(tweet) : undefined;
}

export const engagementRouter = {
  like: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "like", true)),
  unlike: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "like", false)),
  retweet: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "retweet", true)),
  unretweet: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "retweet", false)),
  bookmark: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "bookmark", true)),
  unbookmark: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => setEngagement(ctx, input.tweetId, "bookmark", false)),

  /** My bookmarks, most recently bookmarked first; keyset-paginated on (bookmarked at, tweet id). */
  bookmarks: protectedProcedure
    .input(z.object({ cursor: cursorInput, limit: z.number().int().min(1).max(100).default(20) }))
    .query(async ({ ctx, input }) => {
      const cursor = decodeCursor(input.cursor);
      const rows = await ctx.db
        .select({ ...tweetColumns, bookmarkedAt: engagements.createdAt })
        .from(engagements)
        .innerJoin(tweets, eq(tweets.id, engagements.tweetId))
        .innerJoin(users, eq(users.id, tweets.authorId))
        .where(
          and(
            eq(engagements.userId, ctx.session.user.id),
            eq(engagements.kind, "bookmark"),
            cursor
              ? or(
                  lt(engagements.createdAt, cursor.at),
                  and(eq(engagements.createdAt, cursor.at), lt(engagements.tweetId, cursor.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(engagements.createdAt), desc(engagements.tweetId))
        .limit(input.limit + 1);
      const { items, nextCursor } = page(rows, input.limit, (row) => ({ at: row.bookmarkedAt, id: row.id }));
      return { items: items.map(toTweet), nextCursor };
    }),

  /** Which of the given tweets the signed-in user has liked, retweeted or bookmarked (for pressed buttons). */
  mine: protectedProcedure
    .input(z.object({ tweetIds: z.array(z.uuid()).min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select({ tweetId: engagements.tweetId, kind: engagements.kind })
        .from(engagements)
        .where(and(eq(engagements.userId, ctx.session.user.id), inArray(engagements.tweetId, input.tweetIds)));
      return input.tweetIds.map((tweetId) => {
        const kinds = new Set(rows.filter((row) => row.tweetId === tweetId).map((row) => row.kind));
        return { tweetId, like: kinds.has("like"), retweet: kinds.has("retweet"), bookmark: kinds.has("bookmark") };
      });
    }),

  /** The tweet's counts now, then coalesced updates (at most one per COALESCE_MS) with the committed totals. */
  onUpdate: protectedProcedure.input(tweetIdInput).subscription(async function* ({ ctx, input, signal }) {
    const initial = await readCounts(ctx, input.tweetId);
    if (!initial) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    yield* stateStream({
      bus: ctx.bus,
      channel: channels.tweetEngagement(input.tweetId),
      signal,
      coalesceMs: COALESCE_MS,
      // A deleted tweet keeps its last counts on the wire.
      read: async (since) => (await countsReader(ctx)(input.tweetId, since)) ?? initial,
    });
  }),
} satisfies TRPCRouterRecord;
