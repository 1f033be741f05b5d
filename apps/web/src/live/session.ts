import {
  type ConnectionMonitor,
  createSlotPool,
  createStore,
  createStreamCursors,
  type SlotPool,
  type Store,
  type StreamCursors,
} from "@pulse/client/react";
import { createContext, useContext } from "react";
import { EngagementStore } from "./engagement";
import { createFeedLive, type FeedLive } from "./feed";
import { createMatchesLive, type MatchesLive } from "./matches";
import { createNotificationsLive, type NotificationsLive } from "./notifications";

/** The persisted streams whose last event id the session keeps, to resume them. */
export type StreamName = "feed" | "notifications" | "matchResults";

/**
 * Live state that belongs to one signed-in session and outlives the screens showing it: the socket's status,
 * each persisted stream's last event id, and what the streams delivered. A new session (new socket) gets a new one.
 */
export type LiveSession = {
  connection: ConnectionMonitor;
  cursors: StreamCursors<StreamName>;
  engagement: EngagementStore;
  /** Engagement subscriptions open at once, for the cards in view (the server allows 50 subscriptions a socket). */
  engagementSlots: SlotPool;
  feed: FeedLive;
  notifications: NotificationsLive;
  matches: MatchesLive;
  /** The unread notification count from `notification.onUnreadCount`; null until the first snapshot. */
  unread: Store<number | null>;
};

export const ENGAGEMENT_SUBSCRIPTIONS = 20;

export function createLiveSession(connection: ConnectionMonitor): LiveSession {
  return {
    connection,
    cursors: createStreamCursors<StreamName>(),
    engagement: new EngagementStore(),
    engagementSlots: createSlotPool(ENGAGEMENT_SUBSCRIPTIONS),
    feed: createFeedLive(),
    notifications: createNotificationsLive(),
    matches: createMatchesLive(),
    unread: createStore<number | null>(null),
  };
}

export const LiveSessionContext = createContext<LiveSession | null>(null);

export function useLive(): LiveSession {
  const live = useContext(LiveSessionContext);
  if (!live) throw new Error("useLive must be used inside <TrpcProvider>");
  return live;
}
