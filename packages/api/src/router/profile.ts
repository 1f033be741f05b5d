import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { profileInput } from "../match/profile-input";
import { findProfile, toProfile, upsertProfile } from "../match/profiles";
import { protectedProcedure } from "../trpc";

export const profileRouter = {
  get: protectedProcedure.input(z.object({ userId: z.uuid() })).query(async ({ ctx, input }) => {
    const row = await findProfile(ctx.db, input.userId);
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "This user has no profile yet" });
    return toProfile(row);
  }),

  /** Creates or replaces the signed-in user's own profile. */
  upsert: protectedProcedure
    .input(profileInput)
    .mutation(async ({ ctx, input }) => toProfile(await upsertProfile(ctx.db, ctx.session.user.id, input))),
} satisfies TRPCRouterRecord;
