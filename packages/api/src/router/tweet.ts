import { and, desc, eq, inArray, lt, or, tweets } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { insertTweet } from "../social/create-tweet";
import { cursorInput, decodeCursor, page } from "../social/cursor";
import { publishWrittenTweet } from "../social/publish-tweet";
import { extractMentions, extractTopics } from "../social/text";
import { selectTweets, toTweet } from "../social/tweets";
import { protectedProcedure } from "../trpc";

const tweetIdInput = z.object({ tweetId: z.uuid() });
const THREAD_LIMIT = 500;
/** Mentions beyond this many in one tweet notify nobody (a bounded cost per tweet). */
const MAX_MENTIONS = 20;

export const tweetRouter = {
  create: protectedProcedure
    .input(
      z.object({
        content: z.string().trim().min(1).max(280),
        replyToId: z.uuid().nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const newTweet = {
        author: ctx.session.user,
        content: input.content,
        replyToId: input.replyToId ?? null,
        topics: extractTopics(input.content),
        mentionedUsernames: extractMentions(input.content).slice(0, MAX_MENTIONS),
      };
      // One statement, atomic by itself: no BEGIN/COMMIT round trips for the common tweet.
      const written = await insertTweet(ctx.db, newTweet);
      if (!written) throw new TRPCError({ code: "NOT_FOUND", message: "The tweet you reply to does not exist" });
      await publishWrittenTweet(ctx, written);
      return written.tweet;
    }),

  get: protectedProcedure.input(tweetIdInput).query(async ({ ctx, input }) => {
    const [row] = await selectTweets(ctx.db).where(eq(tweets.id, input.tweetId));
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

  /** The tweet, its ancestors up to the root, and every reply below it, oldest first. */
  thread: protectedProcedure.input(tweetIdInput).query(async ({ ctx, input }) => {
    const [focus] = await selectTweets(ctx.db).where(eq(tweets.id, input.tweetId));
    if (!focus) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    const ancestors = [];
    for (let parentId = focus.replyToId; parentId && ancestors.length < THREAD_LIMIT; ) {
      const [parent] = await selectTweets(ctx.db).where(eq(tweets.id, parentId));
      if (!parent) break;
      ancestors.unshift(parent);
      parentId = parent.replyToId;
    }
    const replies = [];
    for (let frontier = [focus.id]; frontier.length && replies.length < THREAD_LIMIT; ) {
      const level = await selectTweets(ctx.db)
        .where(inArray(tweets.replyToId, frontier))
        .orderBy(tweets.createdAt, tweets.id);
      replies.push(...level);
      frontier = level.map((reply) => reply.id);
    }
    return {
      ancestors: ancestors.map(toTweet),
      tweet: toTweet(focus),
      replies: replies.slice(0, THREAD_LIMIT).map(toTweet),
    };
  }),
} satisfies TRPCRouterRecord;
