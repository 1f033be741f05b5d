import { describe, expect, it } from "vitest";
import { channels, type MatchMessage } from "./index";

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

/** What a receiving instance makes of a message after its JSON round trip. */
const received = (message: unknown) => channels.userMatch("u1").parse(JSON.parse(JSON.stringify(message)));

describe("the product's channels", () => {
  it("accept what their publishers send, as it arrives after the wire", () => {
    expect(received({ type: "task", taskId: "t1", status: "running", progress: 50 })).toEqual({
      ok: true,
      message: { type: "task", taskId: "t1", status: "running", progress: 50 },
    });
    expect(received(finished)).toEqual({ ok: true, message: finished });
    expect(channels.tweetEngagement("t1").parse({ type: "changed" }).ok).toBe(true);
    expect(channels.userFeed("u1").parse({ type: "removed", removal: { seq: 4, removedTweetId: "t1" } }).ok).toBe(true);
  });

  it("refuse what is not their message: a wrong status, a result without matches, an unknown type", () => {
    const wrongStatus = { type: "task", taskId: "t1", status: "exploded", progress: 50 };
    const resultWithoutMatches = { ...finished, event: { ...finished.event, result: { tookMs: 1 } } };
    for (const message of [wrongStatus, resultWithoutMatches, { type: "resync" }, null, "finished"]) {
      expect(received(message).ok).toBe(false);
    }
    expect(channels.userNotifications("u1").parse({ type: "new", notification: { id: "n1" } }).ok).toBe(false);
  });
});
