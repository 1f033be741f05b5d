import type { TRPCRouterRecord } from "@trpc/server";
import { protectedProcedure } from "../trpc";

export const statsRouter = {
  /** Connections summed over every server instance (at most one heartbeat stale for other instances). */
  connections: protectedProcedure.query(({ ctx }) => ctx.presence.totals()),
} satisfies TRPCRouterRecord;
