import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { profileOverridesInput } from "../match/profile-input";
import { ownedTask, requestMatch, resultStream, taskStream } from "../match/requests";
import { toTaskView } from "../match/tasks";
import { resumeInput } from "../streams/resumable";
import { protectedProcedure } from "../trpc";

const taskIdInput = z.object({ taskId: z.uuid() });

export const matchRouter = {
  /** Queues a match for the signed-in user (fields override the stored profile) and returns its taskId at once. */
  request: protectedProcedure
    .input(profileOverridesInput.default({}))
    .mutation(({ ctx, input }) => requestMatch(ctx, input)),

  status: protectedProcedure
    .input(taskIdInput)
    .query(async ({ ctx, input }) => toTaskView(await ownedTask(ctx, input.taskId))),

  /** One task, live: its current status (a confirmation), progress 0–100, then the result or a clear error. */
  onTask: protectedProcedure
    .input(taskIdInput)
    .subscription(({ ctx, input, signal }) => taskStream(ctx, input.taskId, signal)),

  /** Every finished match of the signed-in user, on every tab: tracked by result number, resumable. */
  onResult: protectedProcedure
    .input(resumeInput)
    .subscription(({ ctx, input, signal }) => resultStream(ctx, ctx.session.user.id, input.lastEventId, signal)),
} satisfies TRPCRouterRecord;
