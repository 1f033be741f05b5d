import { and, desc, eq, lt, or, userMutes, users } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context";
import { ringBadge } from "../notifications/streams";
import { decodeCursor, page } from "../social/cursor";
import { requireUser } from "./users";

type SignedIn = Context & { session: NonNullable<Context["session"]> };

/** Mutes a user: their actions never notify me (checked before anything is stored), and past ones are hidden. */
export async function mute(ctx: SignedIn, userId: string) {
  const me = ctx.session.user.id;
  if (userId === me)
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input: userId: you cannot mute yourself" });
  await requireUser(ctx, userId);
  const inserted = await ctx.db
    .insert(userMutes)
    .values({ userId: me, mutedId: userId })
    .onConflictDoNothing()
    .returning({ mutedId: userMutes.mutedId });
  // My badge may drop (their unread notifications are hidden): every tab recounts.
  if (inserted.length > 0) await ringBadge(ctx, me, { type: "muted" });
  return { muted: true, changed: inserted.length > 0 };
}

export async function unmute(ctx: SignedIn, userId: string) {
  const me = ctx.session.user.id;
  const removed = await ctx.db
    .delete(userMutes)
    .where(and(eq(userMutes.userId, me), eq(userMutes.mutedId, userId)))
    .returning({ mutedId: userMutes.mutedId });
  if (removed.length > 0) await ringBadge(ctx, me, { type: "muted" });
  return { muted: false, changed: removed.length > 0 };
}

/** The users I muted, most recently muted first. */
export async function mutedPage(ctx: SignedIn, input: { cursor?: string | null | undefined; limit: number }) {
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
}
