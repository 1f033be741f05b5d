import { channels, type NotificationMessage } from "../channels";
import type { Context } from "../context";
import { resumableStream } from "../streams/resumable";
import { sharedLatestSequence } from "../streams/sequences";
import { stateStream } from "../streams/state-stream";
import {
  type NotificationChange,
  presentNotificationChange,
  sharedNotificationsAfter,
  sharedUnseenCount,
} from "./records";

function notificationChangeOf(message: NotificationMessage): NotificationChange | undefined {
  if (message.type === "new") return message.notification;
  if (message.type === "retracted") return message.retraction;
  return undefined;
}

/** Badge bells (`read`, `seen`, `muted`) change no sequence. */
const isStreamChange = (message: NotificationMessage) => message.type === "new" || message.type === "retracted";

/** Rings the user's own channel after a change of their badge; a failed publish only delays other tabs' recount. */
export async function ringBadge(ctx: Pick<Context, "bus" | "logger">, userId: string, message: NotificationMessage) {
  await ctx.bus
    .publish(channels.userNotifications(userId), message)
    .catch((error: unknown) => ctx.logger.warn({ err: error }, "publish failed"));
}

/**
 * Every change of a user's notifications, tracked by its seq and resumable with lastEventId: a new notification
 * (`event`) or, for clients that asked (`retractions`), one taken back because its action was undone (`retracted`).
 */
export function notificationStream(
  ctx: Context,
  userId: string,
  input: { lastEventId?: string | null | undefined; retractions: boolean },
  signal: AbortSignal | undefined,
) {
  const { retractions } = input;
  return resumableStream({
    bus: ctx.bus,
    channel: channels.userNotifications(userId),
    signal,
    lastEventId: input.lastEventId,
    maxReplay: ctx.maxReplay,
    latestSeq: (since) => sharedLatestSequence(ctx.db, since, userId, "notifications"),
    readAfter: (afterSeq, limit, since) =>
      sharedNotificationsAfter(ctx.db, since, userId, afterSeq, limit, retractions),
    eventOf: notificationChangeOf,
    // Badge bells travel on the same channel and change no sequence; retractions concern only those who asked.
    concerns: (message) => isStreamChange(message) && (retractions || message.type !== "retracted"),
    present: presentNotificationChange,
  });
}

/** The badge count now, then again whenever it changes. */
export function unreadCountStream(ctx: Context, userId: string, signal: AbortSignal | undefined) {
  return stateStream({
    bus: ctx.bus,
    channel: channels.userNotifications(userId),
    signal,
    // Every tab of the user is woken by the same bell: one count for all of them on this instance.
    read: async (since) => ({ unread: await sharedUnseenCount(ctx.db, since, userId) }),
  });
}
