import { describe, expect, it } from "vitest";
import { encode } from "./codec";
import { stamp, stampIndex, stampTime, unstamped } from "./publish-stamp";

describe("publish stamp", () => {
  it("round-trips an object message and its publish time", () => {
    const text = encode({ type: "new", entry: { seq: 3, note: 'a ,"__publishedAt":1 inside a string' } });
    const stamped = stamp(text, 1_700_000_000_123);
    const index = stampIndex(stamped);
    expect(stampTime(stamped, index)).toBe(1_700_000_000_123);
    expect(unstamped(stamped, index)).toBe(text);
  });

  it("reads as the same object plus one key for a reader that does not know the stamp", () => {
    const stamped = stamp(encode({ sessionId: "s1" }), 42);
    expect(JSON.parse(stamped)).toEqual({ sessionId: "s1", __publishedAt: 42 });
  });

  it("leaves messages without a stamp, and non-objects, as they are", () => {
    for (const message of [{}, [1, 2], "text", 7, null, { nested: { __publishedAt: 5 } }]) {
      const text = encode(message);
      expect(stamp(text, 1) === text).toBe(
        typeof message !== "object" || message === null || Array.isArray(message) || Object.keys(message).length === 0,
      );
      expect(stampIndex(text)).toBe(-1);
    }
  });
});
