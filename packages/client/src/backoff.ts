/**
 * Exponential backoff with full jitter, capped: 0.5–1 s, 1–2 s, … up to capMs/2–capMs. The jitter spreads the
 * reconnects of many clients that lost the same server.
 */
export function reconnectDelay(attempt: number, capMs = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, 1000 * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}
