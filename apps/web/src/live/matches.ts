import { createStore, type Store } from "@pulse/client/react";
import type { MatchResultEvent } from "../api-types";

/**
 * Finished match requests of this user (any tab), newest first, from `match.onResult`; and the request this tab
 * is waiting on, so leaving the match screen and coming back still shows its progress.
 */
export type MatchesLiveState = { results: MatchResultEvent[]; activeTaskId: string | null };

const KEEP = 5;

export type MatchesLive = Store<MatchesLiveState> & {
  receive(event: MatchResultEvent): void;
  setActiveTask(taskId: string | null): void;
};

export function createMatchesLive(): MatchesLive {
  const store = createStore<MatchesLiveState>({ results: [], activeTaskId: null });
  return {
    ...store,
    receive(event) {
      store.set((state) =>
        state.results.some((result) => result.taskId === event.taskId)
          ? state
          : { ...state, results: [event, ...state.results].sort((a, b) => b.seq - a.seq).slice(0, KEEP) },
      );
    },
    setActiveTask(taskId) {
      store.set((state) => (state.activeTaskId === taskId ? state : { ...state, activeTaskId: taskId }));
    },
  };
}
