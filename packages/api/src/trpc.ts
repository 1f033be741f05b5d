import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Context } from "./context";
import { releasedWhenDone } from "./limits/connection-limits";

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

const t = initTRPC.context<Context>().create({
  // Never put stack traces on the wire, whatever NODE_ENV says: error details are logged server-side.
  isDev: false,
  // Subscriptions run over the WebSocket only, where connection, subscription, rate and buffer limits apply;
  // over HTTP (server-sent events) they would bypass every one of them.
  sse: { enabled: false },
  errorFormatter({ shape, error }) {
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // The default message is the raw issue list as JSON; say which field is wrong in one line instead.
      message: zodError ? `Invalid input: ${describeZodError(zodError)}` : shape.message,
      data: { ...shape.data, zodError: zodError ? z.flattenError(zodError) : null },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * Every subscription over a WebSocket holds one of its connection's slots until it ends — exhausted, failed,
 * stopped by the client or cut by a disconnect — so no router can forget the cap. (In-process callers have no
 * connection to count; HTTP subscriptions are switched off above.)
 */
const subscriptionSlot = t.middleware(async ({ ctx, type, signal, next }) => {
  const connection = ctx.connection;
  if (type !== "subscription" || !connection) return next();
  const release = connection.acquireSubscription();
  if (!release) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many subscriptions on this connection (at most ${connection.maxSubscriptions}); stop one first`,
    });
  }
  // The signal aborts when the client stops the subscription or the socket closes, even before the stream started.
  signal?.addEventListener("abort", release, { once: true });
  const result = await next();
  if (result.ok && isAsyncIterable(result.data)) return { ...result, data: releasedWhenDone(result.data, release) };
  release();
  return result;
});

export const publicProcedure = t.procedure.use(subscriptionSlot);

/**
 * Requires a live session; over WebSocket the session is re-checked for expiry on every call. Mutations draw from
 * the user's budget (MUTATIONS_PER_USER_PER_MINUTE), whichever transport carries them.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const { session } = ctx;
  if (!session || session.expiresAt.getTime() <= Date.now()) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  }
  if (type === "mutation") await ctx.mutationRateLimit?.consume(session.user.id);
  // Only the narrowed field: tRPC merges it into the context (a second full copy per call would be waste).
  return next({ ctx: { session } });
});
