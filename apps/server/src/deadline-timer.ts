/** The longest delay setTimeout honours; a longer one fires after 1 ms instead (with a TimeoutOverflowWarning). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Calls `fn` once the clock reaches `at` (epoch ms), however far away that is: a deadline beyond setTimeout's
 * ~24.8 days (a 30-day session) waits in steps and re-checks the clock at each. Unref'd, like every guard timer:
 * it never keeps the process alive on its own.
 */
export function onDeadline(at: number, fn: () => void): { clear(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const remaining = at - Date.now();
    if (remaining <= 0) {
      fn();
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMEOUT_MS));
    timer.unref();
  };
  arm();
  return {
    clear: () => clearTimeout(timer),
  };
}
