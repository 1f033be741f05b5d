import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { channels } from "../channels";
import { feedBefore, feedEventOf, presentFeedChange, sharedFeedAfter } from "../feed/feed";
import { resumableStream, resumeInput } from "../streams/resumable";
import { sharedLatestSequence } from "../streams/sequences";
import { protectedProcedure } from "../trpc";

export const feedRouter = {
  /** The signed-in user's feed, newest first; `cursor` is the last seq of the previous page. */
  list: protectedProcedure
    .input(
      z
        .object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(20) })
        .default({ limit: 20 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await feedBefore(ctx.db, ctx.session.user.id, input.cursor ?? undefined, input.limit + 1);
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.seq ?? null) : null };
    }),

  /**
   * Every change of the signed-in user's feed, tracked by its seq and resumable with lastEventId: a new entry
   * (`event`) or a post that left it (`removed`, when its author deleted it).
   */
  onNew: protectedProcedure.input(resumeInput).subscription(({ ctx, input, signal }) => {
    const userId = ctx.session.user.id;
    // The channel comes from the session, never from input: nobody can listen to another user's feed.
    return resumableStream({
      bus: ctx.bus,
      channel: channels.userFeed(userId),
      signal,
      lastEventId: input.lastEventId,
      maxReplay: ctx.maxReplay,
      latestSeq: (since) => sharedLatestSequence(ctx.db, since, userId, "feed"),
      readAfter: (afterSeq, limit, since) => sharedFeedAfter(ctx.db, since, userId, afterSeq, limit),
      eventOf: feedEventOf,
      // `{ type: "removed", seq, tweetId }` joined the items later: clients that only know "event" and "reset" skip it.
      present: presentFeedChange,
    });
  }),
} satisfies TRPCRouterRecord;
