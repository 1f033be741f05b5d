/** The wait before the first reconnect attempt, and the spread of the jitter added to every wait. */
export const FIRST_RECONNECT_DELAY_MS = 100;
/** No wait is longer than this (plus the jitter): a Redis that comes back is used again within about 2 s. */
export const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * ioredis' `retryStrategy`: the delay before reconnect attempt `attempt` (1 for the first, as ioredis counts).
 * Capped exponential backoff (100, 200, 400 … 2 000 ms) plus up to 100 ms of jitter, so that many processes losing
 * the same Redis do not reconnect in lockstep. It never gives up (never returns null): every Pulse process outlives
 * a Redis outage and reports it through its readiness check instead.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const backoff = Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** exponent, MAX_RECONNECT_DELAY_MS);
  return backoff + Math.floor(random() * FIRST_RECONNECT_DELAY_MS);
}
