/**
 * The open-loop send schedule: at rate R (per second), send number i is due at t0 + i × 1000 / R ms, whatever
 * happened to the earlier ones. Pure, so the timing rules are unit-tested.
 */

/** Sends of one step: ⌊R × seconds⌋ (at least one). */
export function sendCount(rate: number, durationMs: number): number {
  if (!(rate > 0) || !(durationMs > 0))
    throw new Error(`rate and duration must be positive (${rate}/s, ${durationMs} ms)`);
  return Math.max(1, Math.floor((rate * durationMs) / 1000));
}

/** When send number `index` is due, in ms after t0. */
export function dueAt(rate: number, index: number): number {
  return (index * 1000) / rate;
}

/** How many of `total` sends are due `elapsedMs` after t0 (send 0 is due at once). */
export function dueBy(rate: number, elapsedMs: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);
}

/** `--rates 50,200,500`: positive integers, ascending, no duplicates. */
export function parseRates(raw: string): number[] {
  const rates = raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(Number);
  if (rates.length === 0) throw new Error("--rates: give at least one rate, e.g. 50,200,500");
  for (const rate of rates) {
    if (!Number.isSafeInteger(rate) || rate < 1) throw new Error(`--rates: ${rate} is not a positive integer`);
  }
  for (let i = 1; i < rates.length; i++) {
    if ((rates[i] as number) <= (rates[i - 1] as number)) throw new Error("--rates must be strictly ascending");
  }
  return rates;
}

/**
 * The rate the generator actually achieved: sends − 1 intervals over the span from the first to the last send
 * (one send: the offered rate, nothing to measure).
 */
export function achievedRate(sentAt: readonly number[], offered: number): number {
  if (sentAt.length < 2) return offered;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const at of sentAt) {
    if (at < first) first = at;
    if (at > last) last = at;
  }
  return last > first ? ((sentAt.length - 1) * 1000) / (last - first) : Number.POSITIVE_INFINITY;
}
