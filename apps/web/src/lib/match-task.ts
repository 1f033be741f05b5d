import type { MatchOutcome, MatchTaskUpdate } from "../api-types";

export type MatchTaskState =
  | { phase: "idle" }
  | { phase: "waiting"; status: "queued" | "running" | "connecting"; progress: number }
  | { phase: "done"; result: MatchOutcome }
  | { phase: "failed"; message: string };

/** Pure: the task's state after one `match.onTask` update. */
export function nextTaskState(state: MatchTaskState, update: MatchTaskUpdate): MatchTaskState {
  switch (update.type) {
    case "status":
      return { phase: "waiting", status: update.status, progress: update.progress };
    case "progress":
      return {
        phase: "waiting",
        status: "running",
        progress: Math.max(update.progress, state.phase === "waiting" ? state.progress : 0),
      };
    case "result":
      return { phase: "done", result: update.result };
    case "error":
      return { phase: "failed", message: update.message };
  }
}
