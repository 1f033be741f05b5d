import { describe, expect, it } from "vitest";
import { type MatchTaskState, nextTaskState } from "./match-task";

describe("nextTaskState", () => {
  it("goes status → progress → result, never moving progress backwards", () => {
    let state: MatchTaskState = { phase: "idle" };
    state = nextTaskState(state, { type: "status", status: "queued", progress: 0 });
    expect(state).toEqual({ phase: "waiting", status: "queued", progress: 0 });
    state = nextTaskState(state, { type: "progress", progress: 60 });
    state = nextTaskState(state, { type: "progress", progress: 40 });
    expect(state).toEqual({ phase: "waiting", status: "running", progress: 60 });
    const result = { matches: [], candidatesConsidered: 0, tookMs: 1 };
    expect(nextTaskState(state, { type: "result", result })).toEqual({ phase: "done", result });
    expect(nextTaskState(state, { type: "error", message: "no profile" })).toEqual({
      phase: "failed",
      message: "no profile",
    });
  });
});
