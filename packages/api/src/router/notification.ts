import { channels } from "@pulse/realtime";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  latestNotificationSeq,
  markNotificationsRead,
  type NotificationEvent,
  notificationsAfter,
  notificationsBefore,
  unreadNotificationCount,
} from "../social/notifications";
import { resumableStream, resumeInput } from "../streams/resumable";
import { stateStream } from "../streams/state-stream";
import { protectedProcedure } from "../trpc";

/** What travels on a user's notification channel. */
export type NotificationMessage = { type: "new"; notification: NotificationEvent } | { type: "read" };

function notificationOf(message: unknown): NotificationEvent | undefined {
  const candidate = message as Partial<NotificationMessage> | null;
  return candidate?.type === "new" ? candidate.notification : undefined;
}

export const notificationRouter = {
  list: protectedProcedure
    .input(
      z
        .object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(20) })
        .default({ limit: 20 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await notificationsBefore(ctx.db, ctx.session.user.id, input.cursor ?? undefined, input.limit + 1);
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.seq ?? null) : null };
    }),

  unreadCount: protectedProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.session.user.id)),

  markRead: protectedProcedure
    .input(z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      const changed = await markNotificationsRead(ctx.db, userId, "all" in input ? "all" : input.ids);
      if (changed > 0) {
        await ctx.bus
          .publish(channels.userNotifications(userId), { type: "read" } satisfies NotificationMessage)
          .catch((error: unknown) => ctx.logger.warn({ err: error }, "publish failed"));
      }
      return { changed };
    }),

  /** Every new notification of the signed-in user, tracked by its sequence number and resumable with lastEventId. */
  onNew: protectedProcedure.input(resumeInput).subscription(({ ctx, input, signal }) => {
    const userId = ctx.session.user.id;
    // The channel comes from the session, never from input: nobody can listen to another user's inbox.
    return resumableStream({
      bus: ctx.bus,
      channel: channels.userNotifications(userId),
      signal,
      lastEventId: input.lastEventId,
      maxReplay: ctx.maxReplay,
      latestSeq: () => latestNotificationSeq(ctx.db, userId),
      readAfter: (afterSeq, limit) => notificationsAfter(ctx.db, userId, afterSeq, limit),
      eventOf: notificationOf,
      // Read receipts travel on the same channel; they change no sequence.
      concerns: (message) => (message as Partial<NotificationMessage> | null)?.type !== "read",
    });
  }),

  /** The unread count now, then again whenever it changes. */
  onUnreadCount: protectedProcedure.subscription(({ ctx, signal }) =>
    stateStream({
      bus: ctx.bus,
      channel: channels.userNotifications(ctx.session.user.id),
      signal,
      read: async () => ({ unread: await unreadNotificationCount(ctx.db, ctx.session.user.id) }),
    }),
  ),
} satisfies TRPCRouterRecord;
