import { and, eq, newId, users } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { ZodRealError, z } from "zod";
import { clearedSessionCookie, sessionCookie } from "../auth/cookie";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "../auth/password";
import { passwordWeakness } from "../auth/password-strength";
import { createSession, revokeSession, type SessionUser, sessionUserColumns } from "../auth/sessions";
import type { Context } from "../context";
import { protectedProcedure, publicProcedure } from "../trpc";
import { lineInput } from "../validation/text";

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(30)
  .regex(/^[A-Za-z0-9_]+$/, "letters, digits and _ only")
  .transform((username) => username.toLowerCase());

const passwordSchema = z.string().min(10).max(200);

const signupInput = z.object({
  username: usernameSchema,
  password: passwordSchema,
  displayName: lineInput().trim().min(1).max(50).optional(),
});
// Login does not re-apply signup's rules: any wrong credential is UNAUTHORIZED, only malformed input is BAD_REQUEST.
const loginInput = z.object({
  username: lineInput()
    .trim()
    .min(1)
    .max(30)
    .transform((username) => username.toLowerCase()),
  password: z.string().min(1).max(200),
});

/** The wire shape of a user: no transformer, so dates travel as ISO strings and the type says so. */
export function toPublicUser(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    createdAt: user.createdAt.toISOString(),
  };
}

async function startSession(ctx: Context, user: SessionUser) {
  const session = await createSession(ctx.db, user.id, ctx.sessionTtlMs);
  ctx.setCookie?.(sessionCookie(session.token, Math.floor(ctx.sessionTtlMs / 1000), ctx.cookieSecure));
  return { token: session.token, user: toPublicUser(user) };
}

async function usernameTaken(ctx: Context, username: string): Promise<boolean> {
  const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return row !== undefined;
}

function usernameConflict() {
  return new TRPCError({ code: "CONFLICT", message: "That username is taken" });
}

/** BAD_REQUEST on the password field, shaped like a schema error so forms show it under that field. */
async function refuseGuessablePassword(password: string, related: string[]): Promise<void> {
  const weakness = await passwordWeakness(password, related);
  if (!weakness) return;
  const issue = { code: "custom" as const, path: ["password"], message: weakness, input: undefined };
  // ZodRealError, not ZodError: only the former is an Error, which TRPCError keeps as its cause.
  throw new TRPCError({ code: "BAD_REQUEST", message: `password: ${weakness}`, cause: new ZodRealError([issue]) });
}

/** Stores a hash at today's parameters, unless the hash changed meanwhile (another login upgraded it). */
async function upgradePasswordHash(ctx: Context, userId: string, oldHash: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await ctx.db
    .update(users)
    .set({ passwordHash })
    .where(and(eq(users.id, userId), eq(users.passwordHash, oldHash)));
}

export const authRouter = {
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    await ctx.authRateLimits.admitSignup(ctx.ip);
    // A taken name is refused before the slow checks; the insert below still settles a race.
    if (await usernameTaken(ctx, input.username)) throw usernameConflict();
    await refuseGuessablePassword(input.password, [input.username, input.displayName ?? ""]);
    const [user] = await ctx.db
      .insert(users)
      .values({
        id: newId(),
        username: input.username,
        displayName: input.displayName ?? input.username,
        passwordHash: await hashPassword(input.password),
      })
      .onConflictDoNothing({ target: users.username })
      .returning(sessionUserColumns);
    if (!user) throw usernameConflict();
    ctx.logger.info({ userId: user.id }, "user signed up");
    return startSession(ctx, user);
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const attempt = await ctx.authRateLimits.admitLogin(ctx.ip, input.username);
    const user = await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, input.username) });
    // Unknown users still pay for a hash check: both failures look and take the same.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !valid) {
      await attempt.failed();
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Invalid username or password" });
    }
    await attempt.succeeded();
    if (needsRehash(user.passwordHash)) await upgradePasswordHash(ctx, user.id, user.passwordHash, input.password);
    return startSession(ctx, user);
  }),

  logout: protectedProcedure.mutation(async ({ ctx }) => {
    await revokeSession(ctx.db, ctx.session.sessionId);
    ctx.sessionCache?.forget(ctx.session.sessionId);
    ctx.setCookie?.(clearedSessionCookie(ctx.cookieSecure));
    ctx.onSessionRevoked(ctx.session.sessionId);
    return { ok: true as const };
  }),

  me: protectedProcedure.query(({ ctx }) => toPublicUser(ctx.session.user)),
} satisfies TRPCRouterRecord;
