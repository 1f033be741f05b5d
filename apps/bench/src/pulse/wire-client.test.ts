import { describe, expect, it } from "vitest";
import { tweetIdOf } from "./wire-client";

describe("tweetIdOf (tRPC wire data of a tracked stream)", () => {
  it("reads a notification's tweetId and a feed entry's tweet.id from the tracked envelope", () => {
    expect(tweetIdOf({ id: "3", data: { type: "event", event: { seq: 3, tweetId: "t1" } } })).toBe("t1");
    expect(tweetIdOf({ id: "1", data: { type: "event", event: { seq: 1, tweet: { id: "t2" } } } })).toBe("t2");
  });

  it("ignores resets and anything else", () => {
    expect(tweetIdOf({ id: "5", data: { type: "reset", latestSeq: 5 } })).toBeUndefined();
    expect(tweetIdOf({ type: "event", event: { tweetId: "bare" } })).toBeUndefined();
    expect(tweetIdOf(null)).toBeUndefined();
  });
});
