import { matchComputeJob, writeOutbox } from "@pulse/jobs";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { channels, type MatchMessage } from "../channels";
import type { Context } from "../context";
import { profileOverridesInput } from "../match/profile-input";
import {
  createOrReuseTask,
  findTask,
  type MatchResultEvent,
  resultsAfter,
  toResultEvent,
  toTaskView,
} from "../match/tasks";
import { relayAfterCommit } from "../social/outbox";
import { Inbox } from "../streams/inbox";
import { resumableStream, resumeInput } from "../streams/resumable";
import { latestSequence } from "../streams/sequences";
import { protectedProcedure } from "../trpc";

const taskIdInput = z.object({ taskId: z.uuid() });

/** The task, if the signed-in user owns it: NOT_FOUND for none, FORBIDDEN for someone else's. */
async function ownedTask(ctx: Context & { session: NonNullable<Context["session"]> }, taskId: string) {
  const task = await findTask(ctx.db, taskId);
  if (!task) throw new TRPCError({ code: "NOT_FOUND", message: "No such match request" });
  if (task.userId !== ctx.session.user.id)
    throw new TRPCError({ code: "FORBIDDEN", message: "This match request is not yours" });
  return task;
}

/** Put in a task's inbox when the bus reconnected or the channel became live: re-read the task. */
const RESYNC = Symbol("resync");

/** What `match.onTask` yields: the status first, then progress, then exactly one result or error. */
export type TaskUpdate =
  | { type: "status"; status: "queued" | "running"; progress: number }
  | { type: "progress"; progress: number }
  | { type: "result"; result: NonNullable<MatchResultEvent["result"]> }
  | { type: "error"; message: string };

function terminal(event: MatchResultEvent): TaskUpdate {
  return event.status === "completed" && event.result
    ? { type: "result", result: event.result }
    : { type: "error", message: event.error ?? "Matching failed" };
}

export const matchRouter = {
  /** Queues a match for the signed-in user (fields override the stored profile) and returns its taskId at once. */
  request: protectedProcedure.input(profileOverridesInput.default({})).mutation(async ({ ctx, input }) => {
    const userId = ctx.session.user.id;
    const task = await ctx.db.transaction(async (tx) => {
      const found = await createOrReuseTask(tx, userId, input);
      if (found.created) await writeOutbox(tx, matchComputeJob(found.taskId));
      return found;
    });
    if (task.expired) {
      const message: MatchMessage = { type: "finished", taskId: task.expired.taskId, event: task.expired };
      await ctx.bus
        .publish(channels.userMatch(userId), message)
        .catch((error: unknown) => ctx.logger.warn({ err: error }, "publish failed"));
    }
    if (task.created) await relayAfterCommit(ctx, [matchComputeJob(task.taskId).jobId]);
    return { taskId: task.taskId, reused: !task.created };
  }),

  status: protectedProcedure
    .input(taskIdInput)
    .query(async ({ ctx, input }) => toTaskView(await ownedTask(ctx, input.taskId))),

  /** One task, live: its current status (a confirmation), progress 0–100, then the result or a clear error. */
  onTask: protectedProcedure.input(taskIdInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<TaskUpdate> {
    await ownedTask(ctx, input.taskId);
    const messages = new Inbox<MatchMessage | typeof RESYNC>(signal);
    // Listen first, then read the row: nothing that happens in between is missed. Not waiting for Redis: while it
    // is away the task's state comes from the database, and is re-read once the channel is live.
    // The channel carries every task of the user: only this one's messages matter here.
    const subscription = ctx.bus.listen(channels.userMatch(ctx.session.user.id), (message) => {
      if (message.taskId === input.taskId) messages.push(message);
    });
    const resync = () => messages.push(RESYNC);
    const stopResync = ctx.bus.onResync(resync);
    if (!subscription.isLive) subscription.live.then(resync, () => {});
    try {
      const current = await findTask(ctx.db, input.taskId);
      if (!current) return;
      if (current.status === "completed" || current.status === "failed") {
        yield terminal(toResultEvent(current));
        return;
      }
      yield { type: "status", status: current.status, progress: current.progress };
      let progress = current.progress;
      for await (const message of messages) {
        if (message === RESYNC) {
          const row = await findTask(ctx.db, input.taskId);
          if (row && (row.status === "completed" || row.status === "failed")) {
            yield terminal(toResultEvent(row));
            return;
          }
        } else if (message.type === "finished") {
          yield terminal(message.event);
          return;
        } else if (message.progress > progress) {
          progress = message.progress;
          yield { type: "progress", progress };
        }
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
    } finally {
      stopResync();
      await subscription.unsubscribe().catch(() => {});
    }
  }),

  /** Every finished match of the signed-in user, on every tab: tracked by result number, resumable. */
  onResult: protectedProcedure.input(resumeInput).subscription(({ ctx, input, signal }) => {
    const userId = ctx.session.user.id;
    return resumableStream({
      bus: ctx.bus,
      channel: channels.userMatch(userId),
      signal,
      lastEventId: input.lastEventId,
      maxReplay: ctx.maxReplay,
      latestSeq: () => latestSequence(ctx.db, userId, "match"),
      readAfter: (afterSeq, limit) => resultsAfter(ctx.db, userId, afterSeq, limit),
      // Progress of running tasks travels on the same channel; only finished tasks are results.
      concerns: (message) => message.type === "finished",
      eventOf: (message) => (message.type === "finished" ? message.event : undefined),
    });
  }),
} satisfies TRPCRouterRecord;
