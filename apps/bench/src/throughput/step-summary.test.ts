import { describe, expect, it } from "vitest";
import { type SendRecord, stepLatency, summarizeStep } from "./step-summary";

const send = (i: number, overrides: Partial<SendRecord> = {}): SendRecord => ({
  scheduledAt: i * 10,
  sentAt: i * 10 + 1,
  respondedAt: i * 10 + 6,
  ok: true,
  key: `k${i}`,
  sockets: 2,
  error: null,
  ...overrides,
});

const noWork = { serverCpuMs: 0, workerCpuMs: null, loadGeneratorCpuMs: 0, redisCommands: 0 };

describe("stepLatency", () => {
  it("gives nearest-rank p50/p95/p99 and max, or null for no samples", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(stepLatency(hundred)).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(stepLatency([])).toBeNull();
  });
});

describe("summarizeStep", () => {
  it("counts an event delivered when every socket of its recipient has it within 5 s; latency to the last one", () => {
    const sends = [send(0), send(1), send(2)];
    const arrivals = new Map<string, number[]>([
      ["k0", [5, 9]], // both sockets: latency 9 − 1 = 8
      ["k1", [20]], // one of two sockets: not delivered
      ["k2", [30, 21 + 5_001]], // the second socket 5 001 ms after the send: not delivered
    ]);
    const step = summarizeStep({
      rate: 100,
      durationMs: 30,
      sends,
      arrivals: (key) => arrivals.get(key),
      work: noWork,
    });
    expect(step.delivered).toBe(1);
    expect(step.deliveredPercent).toBeCloseTo(100 / 3);
    expect(step.duplicated).toBe(0);
    expect(step.latency).toEqual({ samples: 1, p50: 8, p95: 8, p99: 8, max: 8 });
    expect(step.verdict).toMatchObject({ kind: "missed", clearFail: true });
  });

  it("reports errors with their first messages, the answered rate and the generator's lag", () => {
    const sends = [
      send(0),
      send(1, { ok: false, key: null, error: "HTTP 429 TOO_MANY_REQUESTS: slow down" }),
      send(2, { ok: false, key: null, respondedAt: null, error: "no response within 10000 ms" }),
      send(3, { sentAt: 30 + 12 }),
    ];
    const step = summarizeStep({
      rate: 100,
      durationMs: 40,
      sends,
      arrivals: (key) => (key === "k0" ? [3, 4] : key === "k3" ? [50, 51] : undefined),
      work: { serverCpuMs: 8, workerCpuMs: 4, loadGeneratorCpuMs: 2, redisCommands: 20 },
    });
    expect(step.errors).toBe(2);
    expect(step.firstErrors).toEqual({ "HTTP 429 TOO_MANY_REQUESTS: slow down": 1, "no response within 10000 ms": 1 });
    expect(step.answered).toBe(2);
    // Two OK answers; the last at 36 ms after the first scheduled send, so the step's 40 ms is the span.
    expect(step.answeredRate).toBe(50);
    expect(step.generatorLagP99Ms).toBe(12);
    expect(step.achievedRate).toBeCloseTo((3 * 1000) / 41);
    expect(step.perEvent).toEqual({ serverCpuMs: 2, workerCpuMs: 1, loadGeneratorCpuMs: 0.5, redisCommands: 5 });
    expect(step.delivered).toBe(2);
    expect(step.verdict.kind).toBe("generator-limited");
  });

  it("counts an event one socket decoded twice as duplicated, and the step is not sustained", () => {
    const sends = [send(0), send(1)];
    const arrivals = new Map<string, number[]>([
      ["k0", [3, 4]],
      ["k1", [13, 14, 15]], // three arrivals for two sockets: one socket had it twice
    ]);
    const step = summarizeStep({
      rate: 100,
      durationMs: 20,
      sends,
      arrivals: (key) => arrivals.get(key),
      work: noWork,
    });
    expect(step.delivered).toBe(2);
    expect(step.duplicated).toBe(1);
    expect(step.verdict).toMatchObject({ kind: "missed", reasons: ["1 duplicated"] });
  });

  it("a clean step at the offered rate is sustained", () => {
    const sends = Array.from({ length: 10 }, (_, i) => send(i));
    const step = summarizeStep({
      rate: 100,
      durationMs: 100,
      sends,
      arrivals: (key) => {
        const i = Number(key.slice(1));
        return [i * 10 + 3, i * 10 + 4];
      },
      work: noWork,
    });
    expect(step.deliveredPercent).toBe(100);
    expect(step.duplicated).toBe(0);
    expect(step.answeredRate).toBe(100);
    expect(step.latency?.p99).toBe(3);
    expect(step.verdict).toEqual({ kind: "sustained" });
  });
});
