import type { TRPCRouterRecord } from "@trpc/server";
import { trendingStream } from "../trending/stream";
import { currentTrendingSnapshot } from "../trending/trending";
import { protectedProcedure } from "../trpc";

export const trendingRouter = {
  /** The latest snapshot `{ topics: [{ topic, tweetCount, engagementScore, growthRate }], computedAt }`. */
  list: protectedProcedure.query(({ ctx }) => currentTrendingSnapshot(ctx.db, ctx.trendingWindowMs)),

  /** The snapshot at subscribe, then each change (computed once per cluster, published only when it changed). */
  onUpdate: protectedProcedure.subscription(({ ctx, signal }) =>
    trendingStream({ db: ctx.db, bus: ctx.bus, signal, windowMs: ctx.trendingWindowMs }),
  ),
} satisfies TRPCRouterRecord;
