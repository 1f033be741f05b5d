import { and, count, desc, eq, follows, lt, or, userMutes, users } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { channels } from "../channels";
import type { Context } from "../context";
import { backfillFeed, feedBell, removeAuthorFromFeed } from "../feed/follow-sync";
import { createNotification, retractNotification } from "../notifications/records";
import { ringBadge } from "../notifications/streams";
import { cursorInput, decodeCursor, page } from "../social/cursor";
import { transactAndPublish } from "../social/publish";
import { protectedProcedure } from "../trpc";
import { lineInput } from "../validation/text";

const userIdInput = z.object({ userId: z.uuid() });
const listInput = z.object({
  userId: z.uuid(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(100).default(20),
});

async function requireUser(ctx: Context, userId: string) {
  const user = await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId), columns: { id: true } });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
}

/** Followers (side "follower") or followees (side "followee") of a user, newest relationship first. */
async function listFollows(ctx: Context, input: z.output<typeof listInput>, listed: "follower" | "followee") {
  const cursor = decodeCursor(input.cursor);
  const anchor = listed === "follower" ? follows.followeeId : follows.followerId;
  const listedId = listed === "follower" ? follows.followerId : follows.followeeId;
  const rows = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, since: follows.createdAt })
    .from(follows)
    .innerJoin(users, eq(users.id, listedId))
    .where(
      and(
        eq(anchor, input.userId),
        cursor
          ? or(lt(follows.createdAt, cursor.at), and(eq(follows.createdAt, cursor.at), lt(listedId, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(follows.createdAt), desc(listedId))
    .limit(input.limit + 1);
  const { items, nextCursor } = page(rows, input.limit, (row) => ({ at: row.since, id: row.id }));
  return { items: items.map((row) => ({ ...row, since: row.since.toISOString() })), nextCursor };
}

export const userRouter = {
  get: protectedProcedure
    .input(
      z.object({
        username: lineInput()
          .trim()
          .min(1)
          .max(30)
          .transform((name) => name.toLowerCase()),
      }),
    )
    .query(async ({ ctx, input }) => {
      const user = await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, input.username) });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      const [[followers], [following], [viewerFollows], [viewerMutes]] = await Promise.all([
        ctx.db.select({ n: count() }).from(follows).where(eq(follows.followeeId, user.id)),
        ctx.db.select({ n: count() }).from(follows).where(eq(follows.followerId, user.id)),
        ctx.db
          .select({ n: count() })
          .from(follows)
          .where(and(eq(follows.followerId, ctx.session.user.id), eq(follows.followeeId, user.id))),
        ctx.db
          .select({ n: count() })
          .from(userMutes)
          .where(and(eq(userMutes.userId, ctx.session.user.id), eq(userMutes.mutedId, user.id))),
      ]);
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        createdAt: user.createdAt.toISOString(),
        followers: followers?.n ?? 0,
        following: following?.n ?? 0,
        followedByMe: (viewerFollows?.n ?? 0) > 0,
        mutedByMe: (viewerMutes?.n ?? 0) > 0,
      };
    }),

  follow: protectedProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const me = ctx.session.user;
    if (input.userId === me.id)
      throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input: userId: you cannot follow yourself" });
    await requireUser(ctx, input.userId);
    return transactAndPublish(ctx, async (tx, emit) => {
      const inserted = await tx
        .insert(follows)
        .values({ followerId: me.id, followeeId: input.userId })
        .onConflictDoNothing()
        .returning({ followeeId: follows.followeeId });
      if (inserted.length === 0) return { following: true, changed: false };
      // Following pays off at once: their recent posts enter my feed (my feed stream reads them on the bell).
      if ((await backfillFeed(tx, me.id, input.userId)) > 0) emit(channels.userFeed(me.id), feedBell);
      const notification = await createNotification(tx, {
        recipientId: input.userId,
        kind: "FOLLOW",
        actor: me,
        tweetId: null,
      });
      if (notification) emit(channels.userNotifications(input.userId), { type: "new", notification });
      return { following: true, changed: true };
    });
  }),

  unfollow: protectedProcedure.input(userIdInput).mutation(({ ctx, input }) => {
    const me = ctx.session.user.id;
    return transactAndPublish(ctx, async (tx, emit) => {
      const removed = await tx
        .delete(follows)
        .where(and(eq(follows.followerId, me), eq(follows.followeeId, input.userId)))
        .returning({ followeeId: follows.followeeId });
      if (removed.length === 0) return { following: false, changed: false };
      // Their posts leave my feed, each as a removal event of my feed stream.
      if ((await removeAuthorFromFeed(tx, me, input.userId)) > 0) emit(channels.userFeed(me), feedBell);
      // And "… followed you" leaves theirs.
      const retraction = await retractNotification(tx, {
        recipientId: input.userId,
        kind: "FOLLOW",
        actorId: me,
        tweetId: null,
      });
      if (retraction) emit(channels.userNotifications(input.userId), { type: "retracted", retraction });
      return { following: false, changed: true };
    });
  }),

  /** Mutes a user: their actions never notify me (checked before anything is stored), and past ones are hidden. */
  mute: protectedProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const me = ctx.session.user.id;
    if (input.userId === me)
      throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input: userId: you cannot mute yourself" });
    await requireUser(ctx, input.userId);
    const inserted = await ctx.db
      .insert(userMutes)
      .values({ userId: me, mutedId: input.userId })
      .onConflictDoNothing()
      .returning({ mutedId: userMutes.mutedId });
    // My badge may drop (their unread notifications are hidden): every tab recounts.
    if (inserted.length > 0) await ringBadge(ctx, me, { type: "muted" });
    return { muted: true, changed: inserted.length > 0 };
  }),

  unmute: protectedProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const me = ctx.session.user.id;
    const removed = await ctx.db
      .delete(userMutes)
      .where(and(eq(userMutes.userId, me), eq(userMutes.mutedId, input.userId)))
      .returning({ mutedId: userMutes.mutedId });
    if (removed.length > 0) await ringBadge(ctx, me, { type: "muted" });
    return { muted: false, changed: removed.length > 0 };
  }),

  /** The users I muted, most recently muted first. */
  muted: protectedProcedure
    .input(
      z.object({ cursor: cursorInput, limit: z.number().int().min(1).max(100).default(20) }).default({ limit: 20 }),
    )
    .query(async ({ ctx, input }) => {
      const cursor = decodeCursor(input.cursor);
      const rows = await ctx.db
        .select({ id: users.id, username: users.username, displayName: users.displayName, since: userMutes.createdAt })
        .from(userMutes)
        .innerJoin(users, eq(users.id, userMutes.mutedId))
        .where(
          and(
            eq(userMutes.userId, ctx.session.user.id),
            cursor
              ? or(
                  lt(userMutes.createdAt, cursor.at),
                  and(eq(userMutes.createdAt, cursor.at), lt(userMutes.mutedId, cursor.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(userMutes.createdAt), desc(userMutes.mutedId))
        .limit(input.limit + 1);
      const { items, nextCursor } = page(rows, input.limit, (row) => ({ at: row.since, id: row.id }));
      return { items: items.map((row) => ({ ...row, since: row.since.toISOString() })), nextCursor };
    }),

  followers: protectedProcedure.input(listInput).query(({ ctx, input }) => listFollows(ctx, input, "follower")),
  following: protectedProcedure.input(listInput).query(({ ctx, input }) => listFollows(ctx, input, "followee")),
} satisfies TRPCRouterRecord;
