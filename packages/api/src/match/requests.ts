import { matchComputeJob, writeOutbox } from "@pulse/jobs";
import { TRPCError } from "@trpc/server";
import { channels, type MatchMessage } from "../channels";
import type { Context } from "../context";
import { relayAfterCommit } from "../social/outbox";
import { Inbox } from "../streams/inbox";
import { resumableStream } from "../streams/resumable";
import { sharedLatestSequence } from "../streams/sequences";
import type { ProfileOverrides } from "./profile-input";
import { createOrReuseTask, findTask, type MatchResultEvent, sharedResultsAfter, toResultEvent } from "./tasks";

type SignedIn = Context & { session: NonNullable<Context["session"]> };

/** The task, if the signed-in user owns it: NOT_FOUND for none, FORBIDDEN for someone else's. */
export async function ownedTask(ctx: SignedIn, taskId: string) {
  const task = await findTask(ctx.db, taskId);
  if (!task) throw new TRPCError({ code: "NOT_FOUND", message: "No such match request" });
  if (task.userId !== ctx.session.user.id)
    throw new TRPCError({ code: "FORBIDDEN", message: "This match request is not yours" });
  return task;
}

/**
 * Queues a match for the user (`overrides` replace fields of the stored profile) and returns its taskId at once;
 * a request while one is active joins it.
 */
export async function requestMatch(ctx: SignedIn, overrides: ProfileOverrides) {
  const userId = ctx.session.user.id;
  const task = await ctx.db.transaction(async (tx) => {
    const found = await createOrReuseTask(tx, userId, overrides);
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

/** One task, live: its current status (a confirmation), progress 0–100, then the result or a clear error. */
export async function* taskStream(
  ctx: SignedIn,
  taskId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<TaskUpdate> {
  await ownedTask(ctx, taskId);
  const messages = new Inbox<MatchMessage | typeof RESYNC>(signal);
  // Listen first, then read the row: nothing that happens in between is missed. Not waiting for Redis: while it
  // is away the task's state comes from the database, and is re-read once the channel is live.
  // The channel carries every task of the user: only this one's messages matter here.
  const subscription = ctx.bus.listen(channels.userMatch(ctx.session.user.id), (message) => {
    if (message.taskId === taskId) messages.push(message);
  });
  const resync = () => messages.push(RESYNC);
  const stopResync = ctx.bus.onResync(resync);
  if (!subscription.isLive) subscription.live.then(resync, () => {});
  try {
    const current = await findTask(ctx.db, taskId);
    if (!current) return;
    if (current.status === "completed" || current.status === "failed") {
      yield terminal(toResultEvent(current));
      return;
    }
    yield { type: "status", status: current.status, progress: current.progress };
    let progress = current.progress;
    for await (const message of messages) {
      if (message === RESYNC) {
        const row = await findTask(ctx.db, taskId);
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
}

/** Every finished match of the user, on every tab: tracked by result number, resumable. */
export function resultStream(
  ctx: Context,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  return resumableStream({
    bus: ctx.bus,
    channel: channels.userMatch(userId),
    signal,
    lastEventId,
    maxReplay: ctx.maxReplay,
    latestSeq: (since) => sharedLatestSequence(ctx.db, since, userId, "match"),
    readAfter: (afterSeq, limit, since) => sharedResultsAfter(ctx.db, since, userId, afterSeq, limit),
    // Progress of running tasks travels on the same channel; only finished tasks are results.
    concerns: (message) => message.type === "finished",
    eventOf: (message) => (message.type === "finished" ? message.event : undefined),
  });
}
