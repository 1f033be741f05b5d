import { createStore, type Store } from "@pulse/client/react";
import type { Notification } from "../api-types";

export type NotificationsLiveState = {
  /** Arrived through `notification.onNew`, newest first. */
  items: Notification[];
  /** Marked read here (the list may still say unread until it is refetched). */
  readIds: ReadonlySet<string>;
  /** "Mark all read" covered every notification up to this seq. */
  readUpToSeq: number;
  /** Taken back (their action was undone) after the list was fetched: not shown, whatever the list says. */
  retractedIds: ReadonlySet<string>;
  /** The newest seq the stream delivered (a notification or a retraction). */
  lastSeq: number;
};

const empty: NotificationsLiveState = {
  items: [],
  readIds: new Set(),
  readUpToSeq: 0,
  retractedIds: new Set(),
  lastSeq: 0,
};

export type NotificationsLive = Store<NotificationsLiveState> & {
  receive(notification: Notification): void;
  /** A `retracted` stream item: the notification goes from the list. */
  retract(notificationId: string, seq: number): void;
  markRead(ids: readonly string[]): void;
  markAllRead(upToSeq: number): void;
  /** Undo an optimistic mark (the mutation failed). */
  restore(previous: NotificationsLiveState): void;
  clear(): void;
};

export function createNotificationsLive(): NotificationsLive {
  const store = createStore<NotificationsLiveState>(empty);
  return {
    ...store,
    receive(notification) {
      store.set((state) => {
        const lastSeq = Math.max(state.lastSeq, notification.seq);
        // A retracted one can come back (like → unlike → like): same id, a newer seq.
        if (state.retractedIds.has(notification.id)) {
          const retractedIds = new Set(state.retractedIds);
          retractedIds.delete(notification.id);
          const items = [notification, ...state.items.filter((item) => item.id !== notification.id)];
          return { ...state, lastSeq, retractedIds, items: items.sort((a, b) => b.seq - a.seq) };
        }
        return state.items.some((item) => item.id === notification.id)
          ? { ...state, lastSeq }
          : { ...state, lastSeq, items: [notification, ...state.items].sort((a, b) => b.seq - a.seq) };
      });
    },
    retract(notificationId, seq) {
      store.set((state) => ({
        ...state,
        lastSeq: Math.max(state.lastSeq, seq),
        items: state.items.filter((item) => item.id !== notificationId),
        retractedIds: new Set([...state.retractedIds, notificationId]),
      }));
    },
    markRead(ids) {
      store.set((state) => ({ ...state, readIds: new Set([...state.readIds, ...ids]) }));
    },
    markAllRead(upToSeq) {
      store.set((state) => ({ ...state, readUpToSeq: Math.max(state.readUpToSeq, upToSeq) }));
    },
    restore(previous) {
      store.set(previous);
    },
    clear() {
      store.set((state) => ({ ...empty, readIds: state.readIds, readUpToSeq: state.readUpToSeq }));
    },
  };
}

/** Live and fetched notifications, each once, newest first, with what was marked read here applied. */
export function mergeNotifications(state: NotificationsLiveState, fetched: readonly Notification[]): Notification[] {
  const byId = new Map<string, Notification>();
  for (const item of [...state.items, ...fetched]) {
    if (!byId.has(item.id) && !state.retractedIds.has(item.id)) byId.set(item.id, item);
  }
  return [...byId.values()]
    .sort((a, b) => b.seq - a.seq)
    .map((item) =>
      !item.read && (state.readIds.has(item.id) || item.seq <= state.readUpToSeq) ? { ...item, read: true } : item,
    );
}
