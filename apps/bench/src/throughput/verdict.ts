/** What a step must show to count as sustained, and when stepping a stack further is pointless. */

/** p99 (send → event on every socket of the recipient) a sustained step must stay within. */
export const SUSTAINED_P99_MS = 100;
/** An event counts as delivered if every socket of its recipient decoded it within this long of the send. */
export const DELIVERY_WINDOW_MS = 5_000;
/** A generator below this share of the offered rate did not offer the step: the step says so and stepping stops. */
export const GENERATOR_SHORTFALL = 0.95;
/** Answers must keep pace too: a sustained step answers at least this share of the offered rate. */
export const ANSWER_SHORTFALL = 0.95;
/** A step this bad is a clear failure: the next, higher rate is not tried. */
export const CLEAR_FAIL_DELIVERED = 0.9;
export const CLEAR_FAIL_ANSWERED = 0.8;

export interface StepFigures {
  rate: number;
  sent: number;
  achievedRate: number;
  answeredRate: number;
  errors: number;
  delivered: number;
  /** Events some socket decoded more than once. */
  duplicated: number;
  /** p99 send → event, ms; null when nothing was delivered. */
  p99: number | null;
}

export type Verdict =
  | { kind: "sustained" }
  | { kind: "missed"; reasons: string[]; clearFail: boolean }
  | { kind: "generator-limited"; reasons: string[] };

/**
 * Sustained = every sent event delivered to all sockets within 5 s and none twice, no error, answers keeping pace,
 * p99 ≤ 100 ms, and the rate really offered.
 */
export function judgeStep(step: StepFigures): Verdict {
  if (step.achievedRate < step.rate * GENERATOR_SHORTFALL) {
    return {
      kind: "generator-limited",
      reasons: [`load generator reached ${step.achievedRate.toFixed(0)}/s of ${step.rate}/s`],
    };
  }
  const reasons: string[] = [];
  const deliveredShare = step.sent > 0 ? step.delivered / step.sent : 0;
  if (step.delivered < step.sent) reasons.push(`delivered ${(deliveredShare * 100).toFixed(1)} %`);
  if (step.duplicated > 0) reasons.push(`${step.duplicated} duplicated`);
  if (step.errors > 0) reasons.push(`${step.errors} errors`);
  if (step.answeredRate < step.rate * ANSWER_SHORTFALL) reasons.push(`answered ${step.answeredRate.toFixed(0)}/s`);
  if (step.p99 === null || step.p99 > SUSTAINED_P99_MS) {
    reasons.push(step.p99 === null ? "no latency" : `p99 ${step.p99.toFixed(0)} ms > ${SUSTAINED_P99_MS} ms`);
  }
  if (reasons.length === 0) return { kind: "sustained" };
  const clearFail = deliveredShare < CLEAR_FAIL_DELIVERED || step.answeredRate < step.rate * CLEAR_FAIL_ANSWERED;
  return { kind: "missed", reasons, clearFail };
}

/** Whether the next, higher rate is still worth running after this verdict. */
export function keepStepping(verdict: Verdict): boolean {
  return verdict.kind === "sustained" || (verdict.kind === "missed" && !verdict.clearFail);
}

/**
 * The highest rate sustained with every lower step sustained too (a stack that misses 200/s and passes 500/s by
 * luck is credited with what it held from the bottom up); null when the lowest step already missed.
 */
export function sustainedRate(steps: ReadonlyArray<{ rate: number; verdict: Verdict }>): number | null {
  let best: number | null = null;
  for (const step of [...steps].sort((a, b) => a.rate - b.rate)) {
    if (step.verdict.kind !== "sustained") break;
    best = step.rate;
  }
  return best;
}
