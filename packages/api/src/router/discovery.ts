import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { topicInput, topicPage, topicStream } from "../discovery/topic-feed";
import { whoToFollow } from "../discovery/who-to-follow";
import { cursorInput, decodeCursor } from "../social/cursor";
import { protectedProcedure } from "../trpc";

export const discoveryRouter = {
  /** Posts carrying `#topic`, newest first, in cursor pages; `headEventId` starts `onTopic` where the page ends. */
  topicFeed: protectedProcedure
    .input(z.object({ topic: topicInput, cursor: cursorInput, limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => topicPage(ctx.db, input.topic, decodeCursor(input.cursor), input.limit)),

  /**
   * New posts carrying `#topic` while the page is open, tracked by the post's cursor and resumable with lastEventId
   * (a bounded replay, else one `{type: "reset"}`: refetch `topicFeed`). Any signed-in user may listen.
   */
  onTopic: protectedProcedure
    .input(z.object({ topic: topicInput, lastEventId: cursorInput }))
    .subscription(({ ctx, input, signal }) =>
      topicStream({ db: ctx.db, bus: ctx.bus, topic: input.topic, signal, lastEventId: input.lastEventId }),
    ),

  /** People to follow (never myself or people I follow), with the reason in plain words. */
  whoToFollow: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(20).default(5) }).default({ limit: 5 }))
    .query(({ ctx, input }) => whoToFollow(ctx.db, ctx.session.user.id, input.limit)),
} satisfies TRPCRouterRecord;
