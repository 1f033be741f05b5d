import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { engagementStream } from "../engagement/counts";
import { bookmarksPage, engagementsOf } from "../engagement/lists";
import { setEngagement } from "../engagement/toggle";
import { cursorInput } from "../social/cursor";
import { protectedProcedure } from "../trpc";

const tweetIdInput = z.object({ tweetId: z.uuid() });

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
    .query(({ ctx, input }) => bookmarksPage(ctx.db, ctx.session.user.id, input)),

  /** Which of the given tweets the signed-in user has liked, retweeted or bookmarked (for pressed buttons). */
  mine: protectedProcedure
    .input(z.object({ tweetIds: z.array(z.uuid()).min(1).max(100) }))
    .query(({ ctx, input }) => engagementsOf(ctx.db, ctx.session.user.id, input.tweetIds)),

  /** The tweet's counts now, then coalesced updates (at most one per 250 ms) with the committed totals. */
  onUpdate: protectedProcedure
    .input(tweetIdInput)
    .subscription(({ ctx, input, signal }) => engagementStream(ctx, input.tweetId, signal)),
} satisfies TRPCRouterRecord;
