import {
  and,
  builtOncePerDatabase,
  type Database,
  desc,
  eq,
  inArray,
  isNull,
  lt,
  notificationKind,
  notificationSettings,
  notifications,
  queryRowsPrepared,
  sql,
  streamSequences,
  type Transaction,
  tweets,
  userMutes,
  users,
} from "@pulse/db";
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { nextSequence } from "../streams/sequences";
import { sharedReadPerDatabase } from "../streams/shared-read";

export type NotificationKind = (typeof notifications.$inferSelect)["kind"];
export const notificationKinds = notificationKind.enumValues;

export function notificationDedupeKey(kind: NotificationKind, actorId: string, tweetId: string | null): string {
  return `${kind}:${actorId}:${tweetId ?? "-"}`;
}

/** Code points of post text a notification shows ("… liked your post: <preview>"). */
export const PREVIEW_CHARS = 100;
/** Read from the database for a preview: collapsing whitespace may shorten it (posts hold at most 280). */
const PREVIEW_SOURCE_CHARS = 300;

/** The post text shortened to PREVIEW_CHARS code points on one line; null when there is none (a follow, a deleted post). */
export function previewOf(content: string | null): string | null {
  const line = content?.replace(/\s+/g, " ").trim();
  if (!line) return null;
  const chars = Array.from(line);
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS - 1).join("")}…` : line;
}

/** Neither retracted nor from someone the recipient muted: what lists and the badge show. */
const notMuted = sql`not exists (
  select 1 from ${userMutes} where ${userMutes.userId} = ${notifications.recipientId}
    and ${userMutes.mutedId} = ${notifications.actorId})`;

const eventColumns = {
  id: notifications.id,
  seq: notifications.seq,
  kind: notifications.kind,
  tweetId: notifications.tweetId,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
  retractedAt: notifications.retractedAt,
  content: sql<string | null>`left(${tweets.content}, ${PREVIEW_SOURCE_CHARS})`,
  actor: { id: users.id, username: users.username, displayName: users.displayName },
};

/** A notification as presented: its row's columns, the start of the post it is about, and its actor. */
type NotificationRow = Pick<
  typeof notifications.$inferSelect,
  "id" | "seq" | "kind" | "tweetId" | "createdAt" | "readAt"
> & {
  content: string | null;
  actor: Pick<typeof users.$inferSelect, "id" | "username" | "displayName">;
};

/** The wire shape of a notification (no transformer: ISO strings for dates). */
export function toNotificationEvent(row: NotificationRow) {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    actor: row.actor,
    tweetId: row.tweetId,
    /** The start of the post it is about (the liked post, the reply itself); null for a follow. */
    preview: previewOf(row.content),
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  };
}

export type NotificationEvent = ReturnType<typeof toNotificationEvent>;

/** An undone action took its notification back: numbered in the same stream, so it replays in order. */
export type NotificationRetraction = {
  seq: number;
  retractedId: string;
  kind: NotificationKind;
  tweetId: string | null;
  actorId: string;
};

/** Everything the notification stream carries, in seq order. */
export type NotificationChange = NotificationEvent | NotificationRetraction;

/** The stream item of a change: notifications as they always were, retractions as their own type (older clients skip it). */
export function presentNotificationChange(change: NotificationChange) {
  return "retractedId" in change
    ? {
        type: "retracted" as const,
        seq: change.seq,
        notificationId: change.retractedId,
        kind: change.kind,
        tweetId: change.tweetId,
        actorId: change.actorId,
      }
    : { type: "event" as const, event: change };
}

const gateSchema = z.object({
  blocked: z.boolean(),
  existing: z.object({ id: z.string(), retracted: z.boolean() }).nullable(),
  content: z.string().nullable(),
});

/**
 * Persists one notification inside the caller's transaction, numbered in the recipient's stream. Returns null (and
 * writes nothing) for a self-notification, for an actor the recipient muted or a kind they switched off (checked
 * before anything is stored), and for a repeat of a live one. A repeat of a retracted one (like → unlike → like)
 * revives that same row, unread, at a fresh seq: whatever the toggling, at most one live notification per
 * (recipient, kind, actor, post) — the stream sees it come and go, the list never holds two.
 */
export async function createNotification(
  tx: Transaction,
  input: { recipientId: string; kind: NotificationKind; actor: SessionUser; tweetId: string | null },
): Promise<NotificationEvent | null> {
  if (input.recipientId === input.actor.id) return null;
  const dedupeKey = notificationDedupeKey(input.kind, input.actor.id, input.tweetId);
  const [gateRow] = await queryRowsPrepared<Record<string, unknown>>(
    tx,
    "pulse_notification_gate",
    sql`
      select
        exists (
          select 1 from ${userMutes} where user_id = ${input.recipientId}::uuid and muted_id = ${input.actor.id}::uuid
        ) or exists (
          select 1 from ${notificationSettings}
          where user_id = ${input.recipientId}::uuid and ${input.kind}::notification_kind = any(disabled_kinds)
        ) as blocked,
        (select json_build_object('id', id, 'retracted', retracted_at is not null) from ${notifications}
          where recipient_id = ${input.recipientId}::uuid and dedupe_key = ${dedupeKey}) as existing,
        (select left(content, ${PREVIEW_SOURCE_CHARS}) from ${tweets} where id = ${input.tweetId}::uuid) as content`,
  );
  const gate = gateSchema.parse(gateRow);
  if (gate.blocked || (gate.existing && !gate.existing.retracted)) return null;
  const seq = await nextSequence(tx, input.recipientId, "notifications");
  const [row] = gate.existing
    ? await tx
        .update(notifications)
        .set({ seq, retractedAt: null, readAt: null, createdAt: new Date() })
        .where(eq(notifications.id, gate.existing.id))
        .returning({ id: notifications.id, createdAt: notifications.createdAt })
    : await tx
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
  if (!row) throw new Error("notification write returned no row");
  const { id, username, displayName } = input.actor;
  return toNotificationEvent({
    ...row,
    seq,
    kind: input.kind,
    tweetId: input.tweetId,
    readAt: null,
    content: gate.content,
    actor: { id, username, displayName },
  });
}

/**
 * Takes back the live notification of an undone action (unlike, unretweet, unfollow), in one statement inside the
 * caller's transaction: the row becomes its retraction, renumbered to the recipient's next seq. Null when there was
 * none (never sent: self, muted, switched off; or already retracted).
 */
export async function retractNotification(
  tx: Transaction,
  input: { recipientId: string; kind: NotificationKind; actorId: string; tweetId: string | null },
): Promise<NotificationRetraction | null> {
  const dedupeKey = notificationDedupeKey(input.kind, input.actorId, input.tweetId);
  const [row] = await queryRowsPrepared<{ id: string; seq: string | number }>(
    tx,
    "pulse_retract_notification",
    sql`
      with target as (
        select id from ${notifications}
        where recipient_id = ${input.recipientId}::uuid and dedupe_key = ${dedupeKey} and retracted_at is null
      ),
      bumped as (
        insert into ${streamSequences} (user_id, stream, last_seq)
        select ${input.recipientId}::uuid, 'notifications', 1 from target
        on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
        returning last_seq
      )
      update ${notifications} n set seq = bumped.last_seq, retracted_at = now()
      from bumped, target
      where n.id = target.id
      returning n.id, n.seq`,
  );
  if (!row) return null;
  return {
    seq: Number(row.seq),
    retractedId: row.id,
    kind: input.kind,
    tweetId: input.tweetId,
    actorId: input.actorId,
  };
}

function selectNotifications(db: Database) {
  return db
    .select(eventColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(tweets, eq(tweets.id, notifications.tweetId));
}

/** The replay query of `notification.onNew`, with retracted notifications or without. */
function prepareNotificationsAfter(db: Database, retractions: boolean) {
  return selectNotifications(db)
    .where(
      and(
        eq(notifications.recipientId, sql.placeholder("userId")),
        sql`${notifications.seq} > ${sql.placeholder("afterSeq")}`,
        notMuted,
        retractions ? undefined : isNull(notifications.retractedAt),
      ),
    )
    .orderBy(notifications.seq)
    .limit(sql.placeholder("limit"))
    .prepare(retractions ? "pulse_notifications_after_all" : "pulse_notifications_after");
}

// Every gap, resync and resume runs one of these: built once, not per call.
const notificationChangesAfter = builtOncePerDatabase((db) => prepareNotificationsAfter(db, true));
const notificationEventsAfter = builtOncePerDatabase((db) => prepareNotificationsAfter(db, false));

/** Ascending by seq after `afterSeq`, retractions included if asked for: the replay of `notification.onNew`. */
export async function notificationsAfter(
  db: Database,
  userId: string,
  afterSeq: number,
  limit: number,
  options: { retractions: boolean },
): Promise<NotificationChange[]> {
  const query = options.retractions ? notificationChangesAfter(db) : notificationEventsAfter(db);
  const rows = await query.execute({ userId, afterSeq, limit });
  return rows.map((row) =>
    row.retractedAt
      ? { seq: row.seq, retractedId: row.id, kind: row.kind, tweetId: row.tweetId, actorId: row.actor.id }
      : toNotificationEvent(row),
  );
}

/** As notificationsAfter, one read for the subscriptions of this instance that need the same page together. */
export const sharedNotificationsAfter = sharedReadPerDatabase(
  (db: Database, userId: string, afterSeq: number, limit: number, retractions: boolean) =>
    notificationsAfter(db, userId, afterSeq, limit, { retractions }),
);

/** Newest first, for `notification.list`; `beforeSeq` is the keyset cursor. */
export async function notificationsBefore(db: Database, userId: string, beforeSeq: number | undefined, limit: number) {
  const rows = await selectNotifications(db)
    .where(
      and(
        eq(notifications.recipientId, userId),
        isNull(notifications.retractedAt),
        notMuted,
        beforeSeq === undefined ? undefined : lt(notifications.seq, beforeSeq),
      ),
    )
    .orderBy(desc(notifications.seq))
    .limit(limit);
  return rows.map(toNotificationEvent);
}

/** Actors named per group ("Ana, Ben and 3 others"). */
export const GROUP_ACTORS_SHOWN = 3;
/** Unread ids a group carries for "Mark read" (the newest ones; a click marks these). */
export const GROUP_UNREAD_IDS = 100;

const actorSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
const groupRowSchema = z.object({
  kind: z.enum(notificationKinds),
  tweet_id: z.string().nullable(),
  latest_seq: z.coerce.number(),
  latest_at: z.coerce.date(),
  total: z.coerce.number(),
  unread: z.coerce.number(),
  content: z.string().nullable(),
  actors: z.array(actorSchema),
  unread_ids: z.array(z.string()),
});

/**
 * The user's notifications grouped per (kind, post) — every follow in one group — newest group first, keyed by each
 * group's newest seq (`beforeSeq` is the keyset cursor): "Ana and 4 others liked your post: <preview>". Replies and
 * mentions are about a post of their own, so each is its own group. Counts cover the whole group, not a page.
 */
export async function notificationGroups(db: Database, userId: string, beforeSeq: number | undefined, limit: number) {
  const rows = await queryRowsPrepared<Record<string, unknown>>(
    db,
    "pulse_notification_groups",
    sql`
      with visible as (
        select n.id, n.seq, n.kind, n.tweet_id, n.actor_id, n.read_at, n.created_at from ${notifications} n
        where n.recipient_id = ${userId}::uuid and n.retracted_at is null
          and not exists (select 1 from ${userMutes} m where m.user_id = n.recipient_id and m.muted_id = n.actor_id)
      ),
      g as (
        select kind, tweet_id, max(seq) as latest_seq, max(created_at) as latest_at, count(*) as total,
          count(*) filter (where read_at is null) as unread
        from visible group by kind, tweet_id
        having ${beforeSeq ?? null}::bigint is null or max(seq) < ${beforeSeq ?? null}::bigint
        order by latest_seq desc
        limit ${limit}
      )
      select g.kind, g.tweet_id, g.latest_seq, g.latest_at, g.total, g.unread,
        left(t.content, ${PREVIEW_SOURCE_CHARS}) as content,
        (select coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name)
            order by a.seq desc), '[]')
          from (select actor_id, seq from visible v where v.kind = g.kind and v.tweet_id is not distinct from g.tweet_id
            order by seq desc limit ${GROUP_ACTORS_SHOWN}) a
          join ${users} u on u.id = a.actor_id) as actors,
        (select coalesce(json_agg(r.id order by r.seq desc), '[]')
          from (select id, seq from visible v where v.kind = g.kind and v.tweet_id is not distinct from g.tweet_id
            and v.read_at is null order by seq desc limit ${GROUP_UNREAD_IDS}) r) as unread_ids
      from g left join ${tweets} t on t.id = g.tweet_id
      order by g.latest_seq desc`,
  );
  return rows.map((raw) => {
    const row = groupRowSchema.parse(raw);
    return {
      key: `${row.kind}:${row.tweet_id ?? "-"}`,
      kind: row.kind,
      tweetId: row.tweet_id,
      preview: previewOf(row.content),
      /** Newest first, at most GROUP_ACTORS_SHOWN; `actorCount` is everyone in the group. */
      actors: row.actors,
      actorCount: row.total,
      unreadCount: row.unread,
      unreadIds: row.unread_ids,
      latestSeq: row.latest_seq,
      latestAt: row.latest_at.toISOString(),
    };
  });
}

export type NotificationGroup = Awaited<ReturnType<typeof notificationGroups>>[number];

/**
 * The badge: unread notifications newer than the user's seen marker (opening the list moves the marker), without
 * retracted ones and those from muted users. Per-item read state is separate (markRead).
 */
const unseenCount = builtOncePerDatabase((db) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, notifications.recipientId))
    .where(
      and(
        eq(notifications.recipientId, sql.placeholder("userId")),
        isNull(notifications.readAt),
        isNull(notifications.retractedAt),
        sql`${notifications.seq} > coalesce(${notificationSettings.seenSeq}, 0)`,
        notMuted,
      ),
    )
    .prepare("pulse_unseen_count"),
);

export async function unseenNotificationCount(db: Database, userId: string): Promise<number> {
  // Read at every badge subscription's start and again at every bell of its channel.
  const [row] = await unseenCount(db).execute({ userId });
  return row?.n ?? 0;
}

/** As unseenNotificationCount, one count for the badges of a user's tabs woken by the same bell. */
export const sharedUnseenCount = sharedReadPerDatabase(unseenNotificationCount);

/**
 * Moves the seen marker up to `upToSeq` (never past the stream's latest seq, never back). Returns the marker, or
 * null when it did not move (nothing to tell other tabs).
 */
export async function markNotificationsSeen(db: Database, userId: string, upToSeq: number): Promise<number | null> {
  const latest = sql`coalesce((select ${streamSequences.lastSeq} from ${streamSequences}
    where ${streamSequences.userId} = ${userId}::uuid and ${streamSequences.stream} = 'notifications'), 0)`;
  const [row] = await db
    .insert(notificationSettings)
    .values({ userId, seenSeq: sql`least(${upToSeq}::bigint, ${latest})` })
    .onConflictDoUpdate({
      target: notificationSettings.userId,
      set: { seenSeq: sql`excluded.seen_seq` },
      setWhere: sql`${notificationSettings.seenSeq} < excluded.seen_seq`,
    })
    .returning({ seenSeq: notificationSettings.seenSeq });
  return row?.seenSeq ?? null;
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

export type NotificationPreferences = Record<NotificationKind, boolean>;

function preferencesOf(disabled: readonly NotificationKind[]): NotificationPreferences {
  return {
    LIKE: !disabled.includes("LIKE"),
    REPLY: !disabled.includes("REPLY"),
    RETWEET: !disabled.includes("RETWEET"),
    FOLLOW: !disabled.includes("FOLLOW"),
    MENTION: !disabled.includes("MENTION"),
  };
}

/** Which kinds notify the user (every kind until they switch one off). */
export async function notificationPreferences(db: Database, userId: string): Promise<NotificationPreferences> {
  const [row] = await db
    .select({ disabledKinds: notificationSettings.disabledKinds })
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, userId));
  return preferencesOf(row?.disabledKinds ?? []);
}

/** Switches the given kinds on or off (the others stay as they were); returns the whole set. */
export async function setNotificationPreferences(
  db: Database,
  userId: string,
  changes: Partial<NotificationPreferences>,
): Promise<NotificationPreferences> {
  const off = notificationKinds.filter((kind) => changes[kind] === false);
  const on = notificationKinds.filter((kind) => changes[kind] === true);
  // One atomic update of the array, so two tabs switching different kinds at once both win.
  const kinds = (list: NotificationKind[]) =>
    sql`array(select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb))::notification_kind[]`;
  const updated = sql`array(
    select distinct k from unnest(${notificationSettings.disabledKinds} || ${kinds(off)}) k
    where k <> all(${kinds(on)}) order by k)`;
  const [row] = await db
    .insert(notificationSettings)
    .values({ userId, disabledKinds: off })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { disabledKinds: updated } })
    .returning({ disabledKinds: notificationSettings.disabledKinds });
  return preferencesOf(row?.disabledKinds ?? []);
}
