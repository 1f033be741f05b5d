import { describe, expect, it } from "vitest";
import type { Notification } from "../api-types";
import { createNotificationsLive, mergeNotifications } from "./notifications";

const notification = (seq: number, read = false): Notification => ({
  id: `n${seq}`,
  seq,
  kind: "LIKE",
  actor: { id: "bob-id", username: "bob", displayName: "Bob" },
  tweetId: null,
  preview: null,
  createdAt: new Date(seq * 1000).toISOString(),
  read,
});

describe("notifications live state", () => {
  it("merges live and fetched items once each, newest first", () => {
    const live = createNotificationsLive();
    live.receive(notification(3));
    live.receive(notification(3));
    live.receive(notification(2));
    const merged = mergeNotifications(live.get(), [notification(2), notification(1, true)]);
    expect(merged.map((item) => item.seq)).toEqual([3, 2, 1]);
  });

  it("applies marks made here, and can undo them", () => {
    const live = createNotificationsLive();
    const before = live.get();
    live.markRead(["n2"]);
    expect(mergeNotifications(live.get(), [notification(3), notification(2)]).map((item) => item.read)).toEqual([
      false,
      true,
    ]);
    live.markAllRead(3);
    expect(mergeNotifications(live.get(), [notification(4), notification(3)]).map((item) => item.read)).toEqual([
      false,
      true,
    ]);
    live.restore(before);
    expect(mergeNotifications(live.get(), [notification(3)])[0]?.read).toBe(false);
  });
});
