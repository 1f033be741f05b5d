import { describe, expect, it } from "vitest";
import type { MatchResultEvent } from "../api-types";
import { addMatchResult } from "./matches";

const result = (seq: number): MatchResultEvent => ({
  seq,
  taskId: `task-${seq}`,
  status: "completed",
  result: { matches: [], candidatesConsidered: 0, tookMs: 1 },
  error: null,
  finishedAt: new Date(seq * 1000).toISOString(),
});

describe("match results in the cache", () => {
  it("keeps the latest results of any tab once each, newest first, and a few only", () => {
    let results: MatchResultEvent[] | undefined;
    for (const seq of [1, 3, 2, 3, 4, 5, 6, 7]) results = addMatchResult(results, result(seq));
    expect(results?.map((item) => item.seq)).toEqual([7, 6, 5, 4, 3]);
  });
});
