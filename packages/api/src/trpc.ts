import { TRPCError } from "@trpc/server";
import { subscriptionSlot } from "./limits/subscription-slot";
import { t } from "./trpc/init";
import { databaseUnavailableError } from "./trpc/unavailable";

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(subscriptionSlot);

/**
 * Requires a live session; over WebSocket the session is re-checked for expiry on every call. Mutations and
 * queries draw from the user's budgets (MUTATIONS_/QUERIES_PER_USER_PER_MINUTE), whichever transport carries them.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const { session } = ctx;
  // Not knowing who the caller is (the lookup failed) is an outage, not a sign-out: the client should retry.
  if (!session && ctx.sessionUnavailable) throw databaseUnavailableError();
  if (!session || session.expiresAt.getTime() <= Date.now()) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  }
  if (type === "mutation") await ctx.mutationRateLimit?.consume(session.user.id);
  else if (type === "query") await ctx.queryRateLimit?.consume(session.user.id);
  // Only the narrowed field: tRPC merges it into the context (a second full copy per call would be waste).
  return next({ ctx: { session } });
});
