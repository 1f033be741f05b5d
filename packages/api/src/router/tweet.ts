import { and, type Database, desc, eq, isNull, lt, or, tweets } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { insertTweet } from "../social/create-tweet";
import { cursorInput, decodeCursor, page } from "../social/cursor";
import { deleteTweet } from "../social/delete-tweet";
import { publishWrittenTweet } from "../social/publish-tweet";
import { extractMentions, extractTopics } from "../social/text";
import { readThread } from "../social/thread";
import { selectTweets, toTweet } from "../social/tweets";
import { protectedProcedure } from "../trpc";
import { textInput } from "../validation/text";

async function tweetOfRequest(db: Database, authorId: string, requestId: string) {
  const [row] = await selectTweets(db).where(
    and(eq(tweets.authorId, authorId), eq(tweets.requestId, requestId), isNull(tweets.deletedAt)),
  );
  return row && toTweet(row);
}

const tweetIdInput = z.object({ tweetId: z.uuid() });
/** Mentions beyond this many in one tweet notify nobody (a bounded cost per tweet). */
const MAX_MENTIONS = 20;

export const tweetRouter = {
  create: protectedProcedure
    .input(
      z.object({
        content: textInput().trim().min(1).max(280),
        replyToId: z.uuid().nullish(),
        /**
         * Optional, for API clients that predate it; the web app always sends one. Generated once per draft: a
         * retry or double submit with the same id returns the first tweet and writes and publishes nothing.
         */
        requestId: z.uuid().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const newTweet = {
        author: ctx.session.user,
        content: input.content,
        replyToId: input.replyToId ?? null,
        topics: extractTopics(input.content),
        mentionedUsernames: extractMentions(input.content).slice(0, MAX_MENTIONS),
        requestId: input.requestId,
      };
      // One statement, atomic by itself: no BEGIN/COMMIT round trips for the common tweet.
      const written = await insertTweet(ctx.db, newTweet);
      if (!written) {
        // A repeat of a request that already wrote its tweet (committed: the insert waited for it) gets that tweet.
        const first = input.requestId && (await tweetOfRequest(ctx.db, ctx.session.user.id, input.requestId));
        if (first) return first;
        throw new TRPCError({ code: "NOT_FOUND", message: "The tweet you reply to does not exist" });
      }
      await publishWrittenTweet(ctx, written);
      return written.tweet;
    }),

  get: protectedProcedure.input(tweetIdInput).query(async ({ ctx, input }) => {
    const [row] = await selectTweets(ctx.db).where(and(eq(tweets.id, input.tweetId), isNull(tweets.deletedAt)));
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    return toTweet(row);
  }),

  byUser: protectedProcedure
    .input(z.object({ userId: z.uuid(), cursor: cursorInput, limit: z.number().int().min(1).max(100).default(20) }))
    .query(async ({ ctx, input }) => {
      const cursor = decodeCursor(input.cursor);
      const rows = await selectTweets(ctx.db)
        .where(
          and(
            eq(tweets.authorId, input.userId),
            isNull(tweets.deletedAt),
            cursor
              ? or(lt(tweets.createdAt, cursor.at), and(eq(tweets.createdAt, cursor.at), lt(tweets.id, cursor.id)))
              : undefined,
          ),
        )
        .orderBy(desc(tweets.createdAt), desc(tweets.id))
        .limit(input.limit + 1);
      const { items, nextCursor } = page(rows, input.limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: items.map(toTweet), nextCursor };
    }),

  /** Deletes my own tweet (FORBIDDEN for anyone else's): gone from every feed, live; a placeholder in threads. */
  delete: protectedProcedure
    .input(tweetIdInput)
    .mutation(({ ctx, input }) => deleteTweet(ctx, ctx.session.user.id, input.tweetId)),

  /** The tweet, the ancestors nearest it and its first replies, within THREAD_BOUNDS; `truncated` says what was left out. */
  thread: protectedProcedure.input(tweetIdInput).query(async ({ ctx, input }) => {
    const thread = await readThread(ctx.db, input.tweetId);
    if (!thread) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    return thread;
  }),
} satisfies TRPCRouterRecord;
