import type { ApiMetrics } from "@pulse/metrics";
import { TRPCError } from "@trpc/server";
import { t } from "../trpc/init";
import { type ConnectionLimits, SlotHold } from "./connection-limits";
import { createTurnGate } from "./turn-gate";

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * Subscription starts of the whole process, a few per turn of the event loop: each start's database work (replay,
 * snapshot) then runs in its own turn, and a storm of starts delays other clients by a turn, not by the storm.
 */
const starts = createTurnGate(2);

/** The connection's slots, each held slot counted as a live subscription of `path` until it is given back. */
function countedSlots(connection: ConnectionLimits, path: string, metrics: ApiMetrics): ConnectionLimits {
  return {
    maxSubscriptions: connection.maxSubscriptions,
    acquireSubscription() {
      const release = connection.acquireSubscription();
      if (!release) return undefined;
      metrics.subscriptionOpened(path);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        release();
        metrics.subscriptionClosed(path);
      };
    },
  };
}

/**
 * Every subscription over a WebSocket holds one of its connection's slots until it ends — exhausted, failed,
 * stopped by the client or cut by a disconnect — so no router can forget the cap. Starting one draws from the
 * user's (or, anonymous, the IP's) SUBSCRIPTIONS_PER_USER_PER_MINUTE budget, then waits for its turn (`starts`).
 * (In-process callers have no connection to count; HTTP subscriptions are switched off in ../trpc/init.ts.)
 */
export const subscriptionSlot = t.middleware(async ({ ctx, type, path, signal, next }) => {
  if (type !== "subscription" || !ctx.connection) return next();
  const { metrics } = ctx;
  const connection = metrics ? countedSlots(ctx.connection, path, metrics) : ctx.connection;
  await ctx.subscriptionRateLimit?.consume(ctx.session?.user.id ?? `ip:${ctx.ip}`);
  await starts.pass();
  const slot = SlotHold.take(connection, () => {
    metrics?.rateLimitRejected("subscriptions_per_connection");
    return new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many subscriptions on this connection (at most ${connection.maxSubscriptions}); stop one first`,
    });
  });
  // The signal aborts when the client stops the subscription or the socket closes, even before the stream started.
  signal?.addEventListener("abort", () => slot.release(), { once: true });
  const result = await next();
  if (result.ok && isAsyncIterable(result.data)) return { ...result, data: slot.stream(result.data) };
  slot.release();
  return result;
});
