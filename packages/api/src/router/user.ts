import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { follow, listFollows, unfollow } from "../people/follows";
import { mute, mutedPage, unmute } from "../people/mutes";
import { userCard } from "../people/users";
import { cursorInput } from "../social/cursor";
import { protectedProcedure } from "../trpc";
import { lineInput } from "../validation/text";

const userIdInput = z.object({ userId: z.uuid() });
const listInput = z.object({
  userId: z.uuid(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(100).default(20),
});

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
    .query(({ ctx, input }) => userCard(ctx, input.username)),

  follow: protectedProcedure.input(userIdInput).mutation(({ ctx, input }) => follow(ctx, input.userId)),
  unfollow: protectedProcedure.input(userIdInput).mutation(({ ctx, input }) => unfollow(ctx, input.userId)),

  /** Mutes a user: their actions never notify me (checked before anything is stored), and past ones are hidden. */
  mute: protectedProcedure.input(userIdInput).mutation(({ ctx, input }) => mute(ctx, input.userId)),
  unmute: protectedProcedure.input(userIdInput).mutation(({ ctx, input }) => unmute(ctx, input.userId)),

  /** The users I muted, most recently muted first. */
  muted: protectedProcedure
    .input(
      z.object({ cursor: cursorInput, limit: z.number().int().min(1).max(100).default(20) }).default({ limit: 20 }),
    )
    .query(({ ctx, input }) => mutedPage(ctx, input)),

  followers: protectedProcedure.input(listInput).query(({ ctx, input }) => listFollows(ctx, input, "follower")),
  following: protectedProcedure.input(listInput).query(({ ctx, input }) => listFollows(ctx, input, "followee")),
} satisfies TRPCRouterRecord;
