import { and, count, eq, follows, userMutes } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context";

type SignedIn = Context & { session: NonNullable<Context["session"]> };

/** NOT_FOUND unless the user exists. */
export async function requireUser(ctx: Context, userId: string) {
  const user = await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId), columns: { id: true } });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
}

/** A user's page header as the signed-in viewer sees it: counts, and whether they follow or muted them. */
export async function userCard(ctx: SignedIn, username: string) {
  const user = await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, username) });
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
}
