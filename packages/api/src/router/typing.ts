import { eq, tweets } from "@pulse/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { channels } from "../channels";
import type { Context } from "../context";
import { stateStream } from "../streams/state-stream";
import { protectedProcedure } from "../trpc";

/** A typing indicator lasts this long after the last `typing.start` unless renewed or stopped. */
export const TYPING_TTL_MS = 5_000;
const tweetIdInput = z.object({ tweetId: z.uuid() });

async function requireTweet(ctx: Context, tweetId: string) {
  const [tweet] = await ctx.db.select({ id: tweets.id }).from(tweets).where(eq(tweets.id, tweetId));
  if (!tweet) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
}

/** Rings the thread's bell only when the set of typing users changed: renewals cost no message. */
async function ringIfChanged(ctx: Context, tweetId: string, changed: boolean) {
  if (!changed) return;
  await ctx.bus.publish(channels.tweetTyping(tweetId), { type: "changed" }).catch((error: unknown) => {
    ctx.logger.warn({ err: error }, "publish failed");
  });
}

export const typingRouter = {
  start: protectedProcedure.input(tweetIdInput).mutation(async ({ ctx, input }) => {
    await requireTweet(ctx, input.tweetId);
    const { id, username, displayName } = ctx.session.user;
    await ringIfChanged(
      ctx,
      input.tweetId,
      await ctx.typing.start(input.tweetId, { id, username, displayName }, TYPING_TTL_MS),
    );
    return { expiresInMs: TYPING_TTL_MS };
  }),

  stop: protectedProcedure.input(tweetIdInput).mutation(async ({ ctx, input }) => {
    await ringIfChanged(ctx, input.tweetId, await ctx.typing.stop(input.tweetId, ctx.session.user.id));
    return { ok: true as const };
  }),

  /** Who is typing a reply to the tweet: the current set, then every change, including expiries. */
  onChange: protectedProcedure.input(tweetIdInput).subscription(async function* ({ ctx, input, signal }) {
    await requireTweet(ctx, input.tweetId);
    let nextExpiryAt: number | undefined;
    yield* stateStream({
      bus: ctx.bus,
      channel: channels.tweetTyping(input.tweetId),
      signal,
      read: async () => {
        const state = await ctx.typing.list(input.tweetId);
        nextExpiryAt = state.nextExpiryAt;
        return { tweetId: input.tweetId, users: state.users };
      },
      nextChangeAt: () => nextExpiryAt,
    });
  }),
} satisfies TRPCRouterRecord;
