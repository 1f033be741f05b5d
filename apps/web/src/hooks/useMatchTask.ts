import { useLiveSubscription } from "@pulse/client/react";
import { useState } from "react";
import type { MatchTaskUpdate } from "../api-types";
import { type MatchTaskState, nextTaskState } from "../lib/match-task";
import { trpc } from "../trpc";
import { useSessionLost } from "./useSessionLost";

/** One match request, live: status, progress 0–100, then the result or an error. */
export function useMatchTask(taskId: string | null): MatchTaskState {
  const utils = trpc.useUtils();
  const onSessionLost = useSessionLost();
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

  useLiveSubscription<MatchTaskUpdate>({
    // A finished task has nothing more to say: the subscription ends with it.
    key: taskId && !finished ? `match:${taskId}` : null,
    subscribe: (handlers) => utils.client.match.onTask.subscribe({ taskId: taskId ?? "" }, handlers),
    onData: (update) =>
      setState((previous) => ({
        taskId,
        task: nextTaskState(previous.taskId === taskId ? previous.task : { phase: "idle" }, update),
      })),
    onUnauthorized: onSessionLost,
  });

  return current;
}
