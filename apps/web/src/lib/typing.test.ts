import { describe, expect, it } from "vitest";
import { describeTyping } from "./typing";
import { createTypingThrottle } from "./typing-throttle";

describe("typing", () => {
  it("sends a start at most once per interval and a stop only after a start", () => {
    let now = 0;
    const throttle = createTypingThrottle(2_000, () => now);
    expect(throttle.stopped()).toBe(false);
    expect(throttle.typed()).toBe(true);
    now = 1_999;
    expect(throttle.typed()).toBe(false);
    now = 2_000;
    expect(throttle.typed()).toBe(true);
    expect(throttle.stopped()).toBe(true);
    expect(throttle.stopped()).toBe(false);
    expect(throttle.typed()).toBe(true);
  });

  it("describes who is typing", () => {
    const user = (displayName: string) => ({ displayName });
    expect(describeTyping([])).toBe("");
    expect(describeTyping([user("alice")])).toBe("alice is typing…");
    expect(describeTyping([user("alice"), user("bob")])).toBe("alice and bob are typing…");
    expect(describeTyping([user("a"), user("b"), user("c")])).toBe("a, b and 1 other are typing…");
    expect(describeTyping([user("a"), user("b"), user("c"), user("d")])).toBe("a, b and 2 others are typing…");
  });
});
