import { describe, expect, it } from "vitest";
import { achievedRate, dueAt, dueBy, parseRates, sendCount } from "./schedule";

describe("open-loop schedule", () => {
  it("sends ⌊R × seconds⌋ times, send i due at i/R whatever came before", () => {
    expect(sendCount(50, 4_000)).toBe(200);
    expect(sendCount(2_000, 10_000)).toBe(20_000);
    expect(sendCount(3, 100)).toBe(1);
    expect(dueAt(500, 0)).toBe(0);
    expect(dueAt(500, 1)).toBe(2);
    expect(dueAt(200, 199)).toBe(995);
  });

  it("counts the sends due by an elapsed time, send 0 at once, never more than the total", () => {
    expect(dueBy(1_000, -1, 10)).toBe(0);
    expect(dueBy(1_000, 0, 10)).toBe(1);
    expect(dueBy(1_000, 2.5, 10)).toBe(3);
    expect(dueBy(1_000, 3, 10)).toBe(4);
    expect(dueBy(1_000, 60_000, 10)).toBe(10);
    // A late loop catches up in one go: everything due is sent, none skipped.
    expect(dueBy(50, 1_000, 1_000)).toBe(51);
  });

  it("refuses nonsense rates and durations", () => {
    expect(() => sendCount(0, 1_000)).toThrow(/positive/);
    expect(() => sendCount(10, 0)).toThrow(/positive/);
  });
});

describe("--rates", () => {
  it("parses ascending positive integers", () => {
    expect(parseRates("50,200, 500,1000,2000")).toEqual([50, 200, 500, 1_000, 2_000]);
    expect(parseRates("7")).toEqual([7]);
  });

  it("refuses empty, non-integer, non-positive and unsorted lists", () => {
    expect(() => parseRates("")).toThrow(/at least one/);
    expect(() => parseRates("50,abc")).toThrow(/not a positive integer/);
    expect(() => parseRates("0,10")).toThrow(/not a positive integer/);
    expect(() => parseRates("1.5")).toThrow(/not a positive integer/);
    expect(() => parseRates("200,50")).toThrow(/ascending/);
    expect(() => parseRates("50,50")).toThrow(/ascending/);
  });
});

describe("achieved send rate", () => {
  it("is (sends − 1) over the span from the first send to the last", () => {
    expect(achievedRate([0, 10, 20, 30, 40], 100)).toBe(100);
    // One stall of the generator shows as a lower rate.
    expect(achievedRate([0, 10, 20, 30, 80], 100)).toBe(50);
  });

  it("takes the offered rate when there is nothing to measure", () => {
    expect(achievedRate([], 50)).toBe(50);
    expect(achievedRate([3], 50)).toBe(50);
  });
});
