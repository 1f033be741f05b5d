import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { Notification, NotificationGroup } from "../api-types";
import {
  insertNotification,
  isGroupRead,
  markGroupsRead,
  markListRead,
  newestNotificationSeq,
  unmarkGroupsRead,
  unmarkListRead,
  withoutNotification,
} from "./notifications";

const notification = (seq: number, read = false, id = `n${seq}`): Notification => ({
  id,
  seq,
  kind: "LIKE",
  actor: { id: "bob-id", username: "bob", displayName: "Bob" },
  tweetId: null,
  preview: null,
  createdAt: new Date(seq * 1000).toISOString(),
  read,
});

const group = (key: string, unreadIds: string[], latestSeq: number): NotificationGroup => ({
  key,
  kind: "LIKE",
  tweetId: key,
  preview: null,
  actors: [],
  actorCount: unreadIds.length,
  unreadCount: unreadIds.length,
  unreadIds,
  latestSeq,
  latestAt: new Date(latestSeq * 1000).toISOString(),
});

const pages = <Item>(
  ...lists: Item[][]
): InfiniteData<{ items: Item[]; nextCursor: number | null }, number | null> => ({
  pages: lists.map((items) => ({ items, nextCursor: null })),
  pageParams: lists.map((_, index) => (index === 0 ? null : index)),
});

describe("live notifications in the notification.list cache", () => {
  it("go in once, newest first; a retracted one goes, and comes back with its newer seq", () => {
    let data = pages([notification(2)], [notification(1, true)]);
    data = insertNotification(data, notification(3));
    data = insertNotification(data, notification(3));
    expect(data.pages.map((page) => page.items.map((item) => item.seq))).toEqual([[3, 2], [1]]);
    data = withoutNotification(data, "n2");
    data = insertNotification(data, notification(5, false, "n2"));
    expect(data.pages.map((page) => page.items.map((item) => item.id))).toEqual([["n2", "n3"], ["n1"]]);
    expect(newestNotificationSeq(data)).toBe(5);
  });
});

describe("a mark-read in the cache, and its rollback", () => {
  it("rolls back only the marks it made: a notification that arrived meanwhile stays (the fixed bug)", () => {
    let list = pages([notification(2), notification(1, true)]);
    const marked = markListRead(list, { all: true });
    expect(marked.changed).toEqual(["n2"]);
    list = marked.data;
    // The stream delivers while the request is on its way…
    list = insertNotification(list, notification(3));
    // …then the request fails.
    list = unmarkListRead(list, marked.changed);
    expect(list.pages[0]?.items.map((item) => [item.id, item.read])).toEqual([
      ["n3", false],
      ["n2", false],
      ["n1", true],
    ]);
  });

  it("marks groups by ids or all, and puts back exactly what it took", () => {
    let groups = pages([group("a", ["n5", "n4"], 5), group("b", ["n3"], 3), group("c", [], 1)]);
    const byIds = markGroupsRead(groups, { ids: ["n4"] });
    expect(byIds.marks).toEqual([{ key: "a", ids: ["n4"], count: 1 }]);
    expect(byIds.data.pages[0]?.items[0]?.unreadIds).toEqual(["n5"]);
    const all = markGroupsRead(groups, { all: true });
    expect(all.data.pages[0]?.items.every(isGroupRead)).toBe(true);
    groups = all.data;
    // A new group arrives (a refetch) before the failure: it keeps its own state.
    groups = {
      ...groups,
      pages: [
        { ...groups.pages[0], items: [group("d", ["n6"], 6), ...(groups.pages[0]?.items ?? [])], nextCursor: null },
      ],
    };
    groups = unmarkGroupsRead(groups, all.marks);
    expect(groups.pages[0]?.items.map((item) => [item.key, item.unreadCount, item.unreadIds])).toEqual([
      ["d", 1, ["n6"]],
      ["a", 2, ["n5", "n4"]],
      ["b", 1, ["n3"]],
      ["c", 0, []],
    ]);
  });

  it("leaves a group the server sent again since alone", () => {
    const groups = pages([group("a", ["n5"], 5)]);
    const { marks } = markGroupsRead(groups, { all: true });
    // The refetched group already says n5 is unread: restoring on top would count it twice.
    const restored = unmarkGroupsRead(groups, marks);
    expect(restored.pages[0]?.items[0]?.unreadCount).toBe(1);
  });
});
