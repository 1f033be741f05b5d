import { describe, expect, it } from "vitest";
import { judgeStep, keepStepping, type StepFigures, sustainedRate, type Verdict } from "./verdict";

const good = (rate: number): StepFigures => ({
  rate,
  sent: rate * 10,
  achievedRate: rate,
  answeredRate: rate,
  errors: 0,
  delivered: rate * 10,
  duplicated: 0,
  p99: 20,
});

describe("judgeStep", () => {
  it("sustained: everything delivered, no error, p99 ≤ 100 ms at the offered rate", () => {
    expect(judgeStep(good(500))).toEqual({ kind: "sustained" });
    expect(judgeStep({ ...good(500), p99: 100 })).toEqual({ kind: "sustained" });
  });

  it("one lost event, one error or a p99 over 100 ms misses the step, without being a clear failure", () => {
    expect(judgeStep({ ...good(500), delivered: 4_999 })).toMatchObject({ kind: "missed", clearFail: false });
    expect(judgeStep({ ...good(500), errors: 1 })).toMatchObject({ kind: "missed", reasons: ["1 errors"] });
    expect(judgeStep({ ...good(500), duplicated: 1 })).toMatchObject({
      kind: "missed",
      reasons: ["1 duplicated"],
      clearFail: false,
    });
    expect(judgeStep({ ...good(500), p99: 100.5 })).toMatchObject({ kind: "missed", reasons: ["p99 101 ms > 100 ms"] });
  });

  it("a clear failure: under 90 % delivered or under 80 % of the offered rate answered", () => {
    expect(judgeStep({ ...good(500), delivered: 4_499 })).toMatchObject({ kind: "missed", clearFail: true });
    expect(judgeStep({ ...good(500), answeredRate: 399 })).toMatchObject({ kind: "missed", clearFail: true });
    expect(judgeStep({ ...good(500), delivered: 0, p99: null })).toMatchObject({ kind: "missed", clearFail: true });
  });

  it("a generator below 95 % of the offered rate did not offer the step: said so, whatever the servers did", () => {
    expect(judgeStep({ ...good(2_000), achievedRate: 1_800 })).toEqual({
      kind: "generator-limited",
      reasons: ["load generator reached 1800/s of 2000/s"],
    });
    expect(judgeStep({ ...good(2_000), achievedRate: 1_900 }).kind).toBe("sustained");
  });
});

describe("keepStepping", () => {
  it("goes on after a pass or a narrow miss, stops after a clear failure or a lagging generator", () => {
    expect(keepStepping({ kind: "sustained" })).toBe(true);
    expect(keepStepping({ kind: "missed", reasons: [], clearFail: false })).toBe(true);
    expect(keepStepping({ kind: "missed", reasons: [], clearFail: true })).toBe(false);
    expect(keepStepping({ kind: "generator-limited", reasons: [] })).toBe(false);
  });
});

describe("sustainedRate", () => {
  const sustained: Verdict = { kind: "sustained" };
  const missed: Verdict = { kind: "missed", reasons: ["p99"], clearFail: false };

  it("is the highest rate with every step up to it sustained", () => {
    expect(
      sustainedRate([
        { rate: 50, verdict: sustained },
        { rate: 200, verdict: sustained },
        { rate: 500, verdict: missed },
      ]),
    ).toBe(200);
  });

  it("does not credit a pass above a miss, and gives null when the lowest step missed", () => {
    expect(
      sustainedRate([
        { rate: 500, verdict: sustained },
        { rate: 50, verdict: sustained },
        { rate: 200, verdict: missed },
      ]),
    ).toBe(50);
    expect(sustainedRate([{ rate: 50, verdict: missed }])).toBeNull();
    expect(sustainedRate([{ rate: 50, verdict: { kind: "generator-limited", reasons: [] } }])).toBeNull();
    expect(sustainedRate([])).toBeNull();
  });
});
