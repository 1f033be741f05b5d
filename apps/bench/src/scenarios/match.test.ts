import { describe, expect, it } from "vitest";
import { MATCH_K, precisionAtK } from "./match";

describe("match precision@k", () => {
  const groupOf = new Map([
    ["a", 1],
    ["b", 1],
    ["c", 2],
  ]);

  it("counts the requester's group among the top k; missing slots are misses", () => {
    expect(MATCH_K).toBe(10);
    expect(precisionAtK(["a", "b", "c"], 1, groupOf)).toBeCloseTo(0.2);
    expect(precisionAtK([], 1, groupOf)).toBe(0);
    expect(precisionAtK(["unknown"], 1, groupOf)).toBe(0);
  });

  it("looks at the first k only", () => {
    expect(
      precisionAtK(
        Array.from({ length: 20 }, () => "a"),
        1,
        groupOf,
      ),
    ).toBe(1);
  });
});
