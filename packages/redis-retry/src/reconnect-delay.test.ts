import { describe, expect, it } from "vitest";
import { FIRST_RECONNECT_DELAY_MS, MAX_RECONNECT_DELAY_MS, reconnectDelay } from "./reconnect-delay";

const noJitter = () => 0;

describe("reconnectDelay", () => {
  it("doubles from 100 ms on the first attempt up to the 2 s cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => reconnectDelay(attempt, noJitter));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
  });

  it("stays at the cap however long Redis is away, and never gives up", () => {
    for (const attempt of [10, 100, 1_000, 1_000_000]) {
      expect(reconnectDelay(attempt, noJitter)).toBe(MAX_RECONNECT_DELAY_MS);
    }
  });

  it("adds up to 100 ms of jitter, so processes that lost the same Redis spread out", () => {
    expect(reconnectDelay(1, () => 0.5)).toBe(150);
    expect(reconnectDelay(1, () => 0.999_999)).toBe(FIRST_RECONNECT_DELAY_MS + 99);
    expect(reconnectDelay(20, () => 0.999_999)).toBe(MAX_RECONNECT_DELAY_MS + 99);
    const spread = new Set(Array.from({ length: 200 }, () => reconnectDelay(3)));
    expect(spread.size).toBeGreaterThan(1);
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThan(400 + FIRST_RECONNECT_DELAY_MS);
    }
  });

  it("treats an attempt below 1 (or fractional) as the first, so the delay is never below 100 ms", () => {
    expect(reconnectDelay(0, noJitter)).toBe(FIRST_RECONNECT_DELAY_MS);
    expect(reconnectDelay(-3, noJitter)).toBe(FIRST_RECONNECT_DELAY_MS);
    expect(reconnectDelay(2.7, noJitter)).toBe(200);
  });
});
