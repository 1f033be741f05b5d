/** Latency statistics over one set of samples, in milliseconds. */
export interface Summary {
  samples: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile of ascending `sorted`: the smallest sample such that at least p % of all samples are
 * less than or equal to it (p99 of 300 samples is the 297th). Always a value that was measured, never interpolated.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no samples");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("cannot summarize no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    samples: sorted.length,
    min: sorted[0] as number,
    mean: total / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** The median of a few readings (e.g. RSS samples), robust to one outlier. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export interface Ratios {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** `a ÷ b` per statistic: above 1 means `a` is slower. */
export function ratios(a: Summary, b: Summary): Ratios {
  const divide = (x: number, y: number) => (y > 0 ? x / y : Number.NaN);
  return { p50: divide(a.p50, b.p50), p90: divide(a.p90, b.p90), p99: divide(a.p99, b.p99), max: divide(a.max, b.max) };
}
