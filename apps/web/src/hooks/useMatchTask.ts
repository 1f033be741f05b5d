import { skipToken } from "@tanstack/react-query";
import { useState } from "react";
import { type MatchTaskState, nextTaskState } from "../lib/match-task";
import { trpc } from "../trpc";
import { useStreamRestart } from "./useStreamRestart";

/** One match request, live: status, progress 0–100, then the result or an error. */
export function useMatchTask(taskId: string | null): MatchTaskState {
  const [state, setState] = useState<{ taskId: string | null; task: MatchTaskState }>({
    taskId: null,
    task: { phase: "idle" },
  });
  const current =
    state.taskId === taskId
      ? state.task
      : taskId
        ? ({ phase: "waiting", status: "connecting", progress: 0 } as const)
        : ({ phase: "idle" } as const);
  const finished = current.phase === "done" || current.phase === "failed";

  // A finished task has nothing more to say: the subscription ends with it.
  const stream = trpc.match.onTask.useSubscription(taskId && !finished ? { taskId } : skipToken, {
    onData: (update) =>
      setState((previous) => ({
        taskId,
        task: nextTaskState(previous.taskId === taskId ? previous.task : { phase: "idle" }, update),
      })),
  });
  useStreamRestart(stream);

  return current;
}
