import { and, desc, eq, follows, lt, or, users } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import { channels } from "../channels";
import type { Context } from "../context";
import { backfillFeed, feedBell, removeAuthorFromFeed } from "../feed/follow-sync";
import { createNotification, retractNotification } from "../notifications/records";
import { decodeCursor, page } from "../social/cursor";
import { transactAndPublish } from "../social/publish";
import { requireUser } from "./users";

type SignedIn = Context & { session: NonNullable<Context["session"]> };

/** Follows a user: their recent posts enter my feed, they are notified; repeating it changes nothing. */
export async function follow(ctx: SignedIn, userId: string) {
  const me = ctx.session.user;
  if (userId === me.id)
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input: userId: you cannot follow yourself" });
  await requireUser(ctx, userId);
  return transactAndPublish(ctx, async (tx, emit) => {
    const inserted = await tx
      .insert(follows)
      .values({ followerId: me.id, followeeId: userId })
      .onConflictDoNothing()
      .returning({ followeeId: follows.followeeId });
    if (inserted.length === 0) return { following: true, changed: false };
    // Notification sequences before feed sequences, as every writer takes them (tweet.create, tweet.delete): two
    // transactions locking the same two rows in opposite orders could deadlock.
    const notification = await createNotification(tx, {
      recipientId: userId,
      kind: "FOLLOW",
      actor: me,
      tweetId: null,
    });
    if (notification) emit(channels.userNotifications(userId), { type: "new", notification });
    // Following pays off at once: their recent posts enter my feed (my feed stream reads them on the bell).
    if ((await backfillFeed(tx, me.id, userId)) > 0) emit(channels.userFeed(me.id), feedBell);
    return { following: true, changed: true };
  });
}

/** Unfollows: their posts leave my feed and my "followed you" leaves theirs; repeating it changes nothing. */
export function unfollow(ctx: SignedIn, userId: string) {
  const me = ctx.session.user.id;
  return transactAndPublish(ctx, async (tx, emit) => {
    const removed = await tx
      .delete(follows)
      .where(and(eq(follows.followerId, me), eq(follows.followeeId, userId)))
      .returning({ followeeId: follows.followeeId });
    if (removed.length === 0) return { following: false, changed: false };
    // "… followed you" leaves their notifications (notification sequences first, as in follow).
    const retraction = await retractNotification(tx, {
      recipientId: userId,
      kind: "FOLLOW",
      actorId: me,
      tweetId: null,
    });
    if (retraction) emit(channels.userNotifications(userId), { type: "retracted", retraction });
    // And their posts leave my feed, each as a removal event of my feed stream.
    if ((await removeAuthorFromFeed(tx, me, userId)) > 0) emit(channels.userFeed(me), feedBell);
    return { following: false, changed: true };
  });
}

/** Followers (side "follower") or followees (side "followee") of a user, newest relationship first. */
export async function listFollows(
  ctx: Context,
  input: { userId: string; cursor?: string | null | undefined; limit: number },
  listed: "follower" | "followee",
) {
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
