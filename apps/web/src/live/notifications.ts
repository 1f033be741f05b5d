import type { InfiniteData } from "@tanstack/react-query";
import type { Notification, NotificationGroup } from "../api-types";

/**
 * How live notification events and read marks land in the query cache (`notification.list`, `notification.groups`):
 * pure functions over the cached pages. A read mark records exactly what it changed, so a failed mark-read rolls back
 * only that — never what the stream delivered meanwhile.
 */
type Pages<Item, Page extends { items: Item[] }, Param> = InfiniteData<Page, Param>;

/** A live notification on the first page, newest first, once. A retracted one that comes back has a newer seq. */
export function insertNotification<Page extends { items: Notification[] }, Param>(
  data: Pages<Notification, Page, Param>,
  notification: Notification,
): Pages<Notification, Page, Param> {
  const listed = data.pages.some((page) =>
    page.items.some((item) => item.id === notification.id && item.seq >= notification.seq),
  );
  if (listed) return data;
  const [first, ...rest] = withoutNotification(data, notification.id).pages;
  if (!first) return data;
  const items = [notification, ...first.items].sort((a, b) => b.seq - a.seq);
  return { ...data, pages: [{ ...first, items }, ...rest] };
}

/** Pages without a notification (retracted: its action was undone). */
export function withoutNotification<Page extends { items: Notification[] }, Param>(
  data: Pages<Notification, Page, Param>,
  notificationId: string,
): Pages<Notification, Page, Param> {
  if (!data.pages.some((page) => page.items.some((item) => item.id === notificationId))) return data;
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== notificationId) }));
  return { ...data, pages };
}

/** Which notifications a mark-read covers. */
export type ReadTarget = { ids: readonly string[] } | { all: true };

/** The mutation cache types variables as unknown: this reads back a mark-read's input. */
export function isReadTarget(value: unknown): value is ReadTarget {
  if (typeof value !== "object" || value === null) return false;
  if ("all" in value) return value.all === true;
  return "ids" in value && Array.isArray(value.ids) && value.ids.every((id) => typeof id === "string");
}

const covers = (target: ReadTarget, id: string) => "all" in target || target.ids.includes(id);

/** Notifications marked read in the list, and the ids this changed (the only ones a rollback may touch). */
export function markListRead<Page extends { items: Notification[] }, Param>(
  data: Pages<Notification, Page, Param>,
  target: ReadTarget,
): { data: Pages<Notification, Page, Param>; changed: string[] } {
  const changed: string[] = [];
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      if (item.read || !covers(target, item.id)) return item;
      changed.push(item.id);
      return { ...item, read: true };
    }),
  }));
  return changed.length === 0 ? { data, changed } : { data: { ...data, pages }, changed };
}

/** Rollback of `markListRead`: only the ids it changed become unread again; everything else stays as it is now. */
export function unmarkListRead<Page extends { items: Notification[] }, Param>(
  data: Pages<Notification, Page, Param>,
  changed: readonly string[],
): Pages<Notification, Page, Param> {
  const ids = new Set(changed);
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => (item.read && ids.has(item.id) ? { ...item, read: false } : item)),
  }));
  return { ...data, pages };
}

/** What a mark took from one group: its unread ids and how many unread it counted less. */
export type GroupMark = { key: string; ids: string[]; count: number };

/** A group shows as read once the server (or an optimistic mark) counts no unread in it. */
export function isGroupRead(group: NotificationGroup): boolean {
  return group.unreadCount === 0;
}

/** Groups marked read, and per group what this took (for an exact rollback). */
export function markGroupsRead<Page extends { items: NotificationGroup[] }, Param>(
  data: Pages<NotificationGroup, Page, Param>,
  target: ReadTarget,
): { data: Pages<NotificationGroup, Page, Param>; marks: GroupMark[] } {
  const marks: GroupMark[] = [];
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((group) => {
      const ids = group.unreadIds.filter((id) => covers(target, id));
      // "All" covers the group's unread beyond the ids it carries, too.
      const count = "all" in target ? group.unreadCount : Math.min(ids.length, group.unreadCount);
      if (ids.length === 0 && count === 0) return group;
      marks.push({ key: group.key, ids, count });
      return {
        ...group,
        unreadIds: group.unreadIds.filter((id) => !ids.includes(id)),
        unreadCount: group.unreadCount - count,
      };
    }),
  }));
  return marks.length === 0 ? { data, marks } : { data: { ...data, pages }, marks };
}

/**
 * Rollback of `markGroupsRead`: each group it changed gets its unread back. A group the server sent again since
 * (it already lists any of those ids as unread) is left alone: it is the truth already. Groups that arrived in the
 * meantime are untouched.
 */
export function unmarkGroupsRead<Page extends { items: NotificationGroup[] }, Param>(
  data: Pages<NotificationGroup, Page, Param>,
  marks: readonly GroupMark[],
): Pages<NotificationGroup, Page, Param> {
  const byKey = new Map(marks.map((mark) => [mark.key, mark]));
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((group) => {
      const mark = byKey.get(group.key);
      if (!mark || mark.ids.some((id) => group.unreadIds.includes(id))) return group;
      return { ...group, unreadIds: [...mark.ids, ...group.unreadIds], unreadCount: group.unreadCount + mark.count };
    }),
  }));
  return { ...data, pages };
}

/** The newest seq the pages hold (where the notification stream starts), or 0. */
export function newestNotificationSeq(data: { pages: { items: { seq: number }[] }[] }): number {
  let newest = 0;
  for (const page of data.pages) for (const item of page.items) newest = Math.max(newest, item.seq);
  return newest;
}
