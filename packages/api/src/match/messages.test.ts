import { describe, expect, it, vi } from "vitest";
import { decodeMatchMessage, type MatchMessage } from "./messages";

const finished: MatchMessage = {
  type: "finished",
  taskId: "t1",
  event: {
    seq: 3,
    taskId: "t1",
    status: "completed",
    result: {
      matches: [
        {
          user: { id: "u2", username: "bob", displayName: "Bob" },
          score: 0.8,
          reasons: ["rust"],
          reasonText: "You both like rust",
          profile: { city: "Berlin", timezone: "Europe/Berlin", interestTags: ["rust"] },
        },
      ],
      candidatesConsidered: 40,
      tookMs: 12.5,
    },
    error: null,
    finishedAt: "2026-11-29T10:00:00.000Z",
  },
};

describe("decodeMatchMessage", () => {
  it("decodes progress and results as they travel on the bus", () => {
    const malformed = vi.fn();
    const progress = { type: "task", taskId: "t1", status: "running", progress: 50 };
    expect(decodeMatchMessage(progress, malformed)).toEqual(progress);
    expect(decodeMatchMessage(JSON.parse(JSON.stringify(finished)), malformed)).toEqual(finished);
    expect(malformed).not.toHaveBeenCalled();
  });

  it("gives every subscriber of one bus message the same decoded object (serialized once downstream)", () => {
    const message = JSON.parse(JSON.stringify(finished));
    const first = decodeMatchMessage(message, () => {});
    expect(first).toBeDefined();
    expect(decodeMatchMessage(message, () => {})).toBe(first);
  });

  it("drops what is not a match message and reports it once per message, not once per subscriber", () => {
    const malformed = vi.fn();
    const wrongStatus = { type: "task", taskId: "t1", status: "exploded", progress: 50 };
    const resultWithoutMatches = { ...finished, event: { ...finished.event, result: { tookMs: 1 } } };
    for (const message of [wrongStatus, resultWithoutMatches, { type: "resync" }]) {
      expect(decodeMatchMessage(message, malformed)).toBeUndefined();
      expect(decodeMatchMessage(message, malformed)).toBeUndefined();
    }
    expect(malformed).toHaveBeenCalledTimes(3);
    expect(decodeMatchMessage(null, malformed)).toBeUndefined();
    expect(decodeMatchMessage("finished", malformed)).toBeUndefined();
    expect(malformed).toHaveBeenCalledTimes(5);
  });
});
