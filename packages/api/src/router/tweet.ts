import { and, desc, eq, inArray, lt, or, sql, tweets, users } from "@pulse/db";
import { feedFanoutJob, writeOutbox } from "@pulse/jobs";
import { channels } from "@pulse/realtime";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { cursorInput, decodeCursor, page } from "../social/cursor";
import { createNotification } from "../social/notifications";
import { relayAfterCommit } from "../social/outbox";
import { transactAndPublish } from "../social/publish";
import { extractMentions, extractTopics } from "../social/text";
import { engagementCounts, selectTweets, toTweet } from "../social/tweets";
import { protectedProcedure } from "../trpc";
import type { NotificationMessage } from "./notification";

const tweetIdInput = z.object({ tweetId: z.uuid() });
const THREAD_LIMIT = 500;

export const tweetRouter = {
  create: protectedProcedure
    .input(
      z.object({
        content: z.string().trim().min(1).max(280),
        replyToId: z.uuid().nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const me = ctx.session.user;
      const mentionedNames = extractMentions(input.content).slice(0, 20);
      const mentioned = mentionedNames.length
        ? await ctx.db.select({ id: users.id }).from(users).where(inArray(users.username, mentionedNames))
        : [];
      const created = await transactAndPublish(ctx, async (tx, emit) => {
        let parentAuthorId: string | undefined;
        if (input.replyToId) {
          const [parent] = await tx
            .update(tweets)
            .set({ replyCount: sql`${tweets.replyCount} + 1` })
            .where(eq(tweets.id, input.replyToId))
            .returning(engagementCounts.columns);
          if (!parent) throw new TRPCError({ code: "NOT_FOUND", message: "The tweet you reply to does not exist" });
          parentAuthorId = parent.authorId;
          emit(channels.tweetEngagement(parent.id), engagementCounts(parent));
        }
        const [tweet] = await tx
          .insert(tweets)
          .values({
            authorId: me.id,
            content: input.content,
            replyToId: input.replyToId ?? null,
            topics: extractTopics(input.content),
            mentionIds: mentioned.map((user) => user.id),
          })
          .returning({ id: tweets.id });
        if (!tweet) throw new Error("tweet insert returned no row");
        // The feed fan-out job commits with the tweet (outbox), so no commit can lose it.
        await writeOutbox(tx, feedFanoutJob(tweet.id));
        const notify = async (recipientId: string, kind: "REPLY" | "MENTION") => {
          const notification = await createNotification(tx, { recipientId, kind, actor: me, tweetId: tweet.id });
          if (notification)
            emit(channels.userNotifications(recipientId), { type: "new", notification } satisfies NotificationMessage);
        };
        if (parentAuthorId) await notify(parentAuthorId, "REPLY");
        // The replied-to author already hears of it as a REPLY.
        for (const { id } of mentioned) if (id !== parentAuthorId) await notify(id, "MENTION");
        return tweet;
      });
      await relayAfterCommit(ctx, [feedFanoutJob(created.id)]);
      const [row] = await selectTweets(ctx.db).where(eq(tweets.id, created.id));
      if (!row) throw new Error("created tweet vanished");
      return toTweet(row);
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
