import { type ConnectionMonitor, createSlotPool, createStore, type SlotPool, type Store } from "@pulse/client/react";
import type { QueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { createLiveWrites, type LiveWrites } from "./live-writes";

/**
 * What one signed-in session keeps beside the query cache (which holds every piece of server data, live or fetched):
 * the socket's status, the journal of live writes, the pool of engagement subscriptions, and two bits of UI state that must outlive the screen
 * showing them. A new session (new socket) gets a new one.
 */
export type LiveSession = {
  connection: ConnectionMonitor;
  /** Live events' writes into the query cache, kept across a fetch of the same query (see createLiveWrites). */
  writes: LiveWrites;
  /** Engagement subscriptions open at once, for the cards in view (the server allows 50 subscriptions a socket). */
  engagementSlots: SlotPool;
  /**
   * Posts of others that arrived live and wait behind "Show N new posts" (tweet ids). The posts themselves are in
   * the `feed.list` cache; this only says which of them the reader has not asked to see yet.
   */
  feedHeld: Store<ReadonlySet<string>>;
  /** The match request this tab waits on, so leaving the match screen and coming back still shows its progress. */
  activeMatchTask: Store<string | null>;
};

export const ENGAGEMENT_SUBSCRIPTIONS = 20;

export function createLiveSession(connection: ConnectionMonitor, queryClient: QueryClient): LiveSession {
  return {
    connection,
    writes: createLiveWrites(queryClient.getQueryCache()),
    engagementSlots: createSlotPool(ENGAGEMENT_SUBSCRIPTIONS),
    feedHeld: createStore<ReadonlySet<string>>(new Set()),
    activeMatchTask: createStore<string | null>(null),
  };
}

export const LiveSessionContext = createContext<LiveSession | null>(null);

export function useLive(): LiveSession {
  const live = useContext(LiveSessionContext);
  if (!live) throw new Error("useLive must be used inside <TrpcProvider>");
  return live;
}
