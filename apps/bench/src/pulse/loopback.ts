/**
 * Pulse limits sign-up and log-in to 30 attempts per client IP per minute (per instance). Real users come from many
 * addresses; the bench gives each group of SIGNUPS_PER_ADDRESS sign-ups its own loopback source address
 * (127.0.1.1, 127.0.1.2, …: all of 127.0.0.0/8 reaches this machine) instead of waiting out the limit.
 */
export const SIGNUPS_PER_ADDRESS = 20;

/** The n-th loopback source address, never 127.0.0.1 (n < 254 × 254). */
export function loopbackAddress(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 254 * 254) throw new Error(`no loopback address number ${n}`);
  return `127.0.${Math.floor(n / 254) + 1}.${(n % 254) + 1}`;
}

export function signupAddress(signup: number): string {
  return loopbackAddress(Math.floor(signup / SIGNUPS_PER_ADDRESS));
}
