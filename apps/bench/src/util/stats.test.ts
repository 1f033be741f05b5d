import { describe, expect, it } from "vitest";
import { median, percentile, ratios, summarize } from "./stats";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it("picks measured values: p50 of 1..100 is 50, p99 is 99, p100 is 100", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it("rounds the rank up: p99 of 300 samples is the 297th, p50 of 3 is the 2nd", () => {
    const three00 = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(percentile(three00, 99)).toBe(297);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([7], 1)).toBe(7);
  });

  it("refuses no samples and percentiles outside (0, 100]", () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/);
  });
});

describe("summarize", () => {
  it("sorts a copy and reports count, min, mean, percentiles and max", () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({ samples: 5, min: 1, mean: 3, p50: 3, p90: 5, p99: 5, max: 5 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it("gives the median of an even count as the lower middle value", () => {
    expect(median([4, 1, 3, 2])).toBe(2);
  });
});

describe("ratios", () => {
  it("divides statistic by statistic and gives NaN for a zero denominator", () => {
    const a = summarize([2, 4, 6]);
    const b = summarize([1, 2, 3]);
    expect(ratios(a, b)).toEqual({ p50: 2, p90: 2, p99: 2, max: 2 });
    expect(ratios(a, summarize([0])).p50).toBeNaN();
  });
});
