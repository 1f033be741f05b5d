import {
  and,
  type Database,
  desc,
  eq,
  inArray,
  isNull,
  lt,
  notifications,
  sql,
  streamSequences,
  type Transaction,
  users,
} from "@pulse/db";
import type { SessionUser } from "../auth/sessions";
import { nextSequence } from "./sequences";

export type NotificationKind = (typeof notifications.$inferSelect)["kind"];

export function notificationDedupeKey(kind: NotificationKind, actorId: string, tweetId: string | null): string {
  return `${kind}:${actorId}:${tweetId ?? "-"}`;
}

const eventColumns = {
  id: notifications.id,
  seq: notifications.seq,
  kind: notifications.kind,
  tweetId: notifications.tweetId,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
  actor: { id: users.id, username: users.username, displayName: users.displayName },
};

type NotificationRow = {
  id: string;
  seq: number;
  kind: NotificationKind;
  tweetId: string | null;
  createdAt: Date;
  readAt: Date | null;
  actor: Pick<SessionUser, "id" | "username" | "displayName">;
};

/** The wire shape of a notification (no transformer: ISO strings for dates). */
export function toNotificationEvent(row: NotificationRow) {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    actor: row.actor,
    tweetId: row.tweetId,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  };
}

export type NotificationEvent = ReturnType<typeof toNotificationEvent>;

/**
 * Persists one notification inside the caller's transaction, numbered in the recipient's stream. Returns null
 * (and writes nothing) for self-notifications and for a repeat of one already sent (like → unlike → like).
 */
export async function createNotification(
  tx: Transaction,
  input: { recipientId: string; kind: NotificationKind; actor: SessionUser; tweetId: string | null },
): Promise<NotificationEvent | null> {
  if (input.recipientId === input.actor.id) return null;
  const dedupeKey = notificationDedupeKey(input.kind, input.actor.id, input.tweetId);
  const [existing] = await tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.recipientId, input.recipientId), eq(notifications.dedupeKey, dedupeKey)))
    .limit(1);
  if (existing) return null;
  const seq = await nextSequence(tx, input.recipientId, "notifications");
  const [row] = await tx
    .insert(notifications)
    .values({
      recipientId: input.recipientId,
      seq,
      kind: input.kind,
      actorId: input.actor.id,
      tweetId: input.tweetId,
      dedupeKey,
    })
    .returning({ id: notifications.id, createdAt: notifications.createdAt });
  if (!row) throw new Error("notification insert returned no row");
  const { id, username, displayName } = input.actor;
  return toNotificationEvent({
    ...row,
    seq,
    kind: input.kind,
    tweetId: input.tweetId,
    readAt: null,
    actor: { id, username, displayName },
  });
}

export async function latestNotificationSeq(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ lastSeq: streamSequences.lastSeq })
    .from(streamSequences)
    .where(and(eq(streamSequences.userId, userId), eq(streamSequences.stream, "notifications")));
  return row?.lastSeq ?? 0;
}

/** Ascending by seq after `afterSeq`: the replay of `notification.onNew`. */
export async function notificationsAfter(db: Database, userId: string, afterSeq: number, limit: number) {
  const rows = await db
    .select(eventColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.recipientId, userId), sql`${notifications.seq} > ${afterSeq}`))
    .orderBy(notifications.seq)
    .limit(limit);
  return rows.map(toNotificationEvent);
}

/** Newest first, for `notification.list`; `beforeSeq` is the keyset cursor. */
export async function notificationsBefore(db: Database, userId: string, beforeSeq: number | undefined, limit: number) {
  const rows = await db
    .select(eventColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .where(
      and(
        eq(notifications.recipientId, userId),
        beforeSeq === undefined ? undefined : lt(notifications.seq, beforeSeq),
      ),
    )
    .orderBy(desc(notifications.seq))
    .limit(limit);
  return rows.map(toNotificationEvent);
}

export async function unreadNotificationCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the given ids (only the user's own) or all as read; returns how many changed. */
export async function markNotificationsRead(db: Database, userId: string, ids: string[] | "all"): Promise<number> {
  const changed = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.recipientId, userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : inArray(notifications.id, ids),
      ),
    )
    .returning({ id: notifications.id });
  return changed.length;
}
