import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  markNotificationsRead,
  markNotificationsSeen,
  notificationGroups,
  notificationPreferences,
  notificationsBefore,
  setNotificationPreferences,
  unseenNotificationCount,
} from "../notifications/records";
import { notificationStream, ringBadge, unreadCountStream } from "../notifications/streams";
import { resumeInput } from "../streams/resumable";
import { protectedProcedure } from "../trpc";

const pageInput = z
  .object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(20) })
  .default({ limit: 20 });

const kindSwitch = z.boolean().optional();

/**
 * `retractions: true` asks for `{ type: "retracted", seq, notificationId, kind, tweetId, actorId }` items. They joined
 * the stream later: a client that does not ask (every client built before) never receives one — its stream skips
 * their seqs (as ids, seqs need not be contiguous) and its next list fetch no longer shows the retracted ones.
 */
const onNewInput = z
  .object({ lastEventId: resumeInput.unwrap().shape.lastEventId, retractions: z.boolean().default(false) })
  .default({ retractions: false });

export const notificationRouter = {
  list: protectedProcedure.input(pageInput).query(async ({ ctx, input }) => {
    const rows = await notificationsBefore(ctx.db, ctx.session.user.id, input.cursor ?? undefined, input.limit + 1);
    const items = rows.slice(0, input.limit);
    return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.seq ?? null) : null };
  }),

  /** Grouped per kind and post (follows in one group), newest group first; `cursor` is the last group's latestSeq. */
  groups: protectedProcedure.input(pageInput).query(async ({ ctx, input }) => {
    const rows = await notificationGroups(ctx.db, ctx.session.user.id, input.cursor ?? undefined, input.limit + 1);
    const items = rows.slice(0, input.limit);
    return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.latestSeq ?? null) : null };
  }),

  /** The badge: unread notifications newer than the seen marker. */
  unreadCount: protectedProcedure.query(({ ctx }) => unseenNotificationCount(ctx.db, ctx.session.user.id)),

  markRead: protectedProcedure
    .input(z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      const changed = await markNotificationsRead(ctx.db, userId, "all" in input ? "all" : input.ids);
      if (changed > 0) await ringBadge(ctx, userId, { type: "read" });
      return { changed };
    }),

  /**
   * The list was shown up to `upToSeq` (the newest seq the client holds): the badge of every tab and device drops to
   * what came after. The marker never moves back nor past the stream's latest seq.
   */
  markSeen: protectedProcedure
    .input(z.object({ upToSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      const seenSeq = await markNotificationsSeen(ctx.db, userId, input.upToSeq);
      if (seenSeq !== null) await ringBadge(ctx, userId, { type: "seen" });
      return { changed: seenSeq !== null };
    }),

  /** Which kinds notify me: `{ LIKE: true, REPLY: true, … }` (all on until switched off). */
  preferences: protectedProcedure.query(({ ctx }) => notificationPreferences(ctx.db, ctx.session.user.id)),

  /** Switches kinds on or off (those not given stay as they are); applies to notifications not yet sent. */
  setPreferences: protectedProcedure
    .input(
      z.strictObject({
        LIKE: kindSwitch,
        REPLY: kindSwitch,
        RETWEET: kindSwitch,
        FOLLOW: kindSwitch,
        MENTION: kindSwitch,
      }),
    )
    .mutation(({ ctx, input }) => setNotificationPreferences(ctx.db, ctx.session.user.id, input)),

  /**
   * Every change of the signed-in user's notifications, tracked by its seq and resumable with lastEventId: a new
   * notification (`event`) or one taken back because its action was undone (`retracted`).
   */
  onNew: protectedProcedure
    .input(onNewInput)
    // The user comes from the session, never from input: nobody can listen to another user's inbox.
    .subscription(({ ctx, input, signal }) => notificationStream(ctx, ctx.session.user.id, input, signal)),

  /** The badge count now, then again whenever it changes. */
  onUnreadCount: protectedProcedure.subscription(({ ctx, signal }) =>
    unreadCountStream(ctx, ctx.session.user.id, signal),
  ),
} satisfies TRPCRouterRecord;
