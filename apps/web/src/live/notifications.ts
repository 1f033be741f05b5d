import { createStore, type Store } from "@pulse/client/react";
import type { Notification } from "../api-types";

export type NotificationsLiveState = {
  /** Arrived through `notification.onNew`, newest first. */
  items: Notification[];
  /** Marked read here (the list may still say unread until it is refetched). */
  readIds: ReadonlySet<string>;
  /** "Mark all read" covered every notification up to this seq. */
  readUpToSeq: number;
};

const empty: NotificationsLiveState = { items: [], readIds: new Set(), readUpToSeq: 0 };

export type NotificationsLive = Store<NotificationsLiveState> & {
  receive(notification: Notification): void;
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
      store.set((state) =>
        state.items.some((item) => item.id === notification.id)
          ? state
          : { ...state, items: [notification, ...state.items].sort((a, b) => b.seq - a.seq) },
      );
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
  for (const item of [...state.items, ...fetched]) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()]
    .sort((a, b) => b.seq - a.seq)
    .map((item) =>
      !item.read && (state.readIds.has(item.id) || item.seq <= state.readUpToSeq) ? { ...item, read: true } : item,
    );
}
