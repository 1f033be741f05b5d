/**
 * When to tell the server "I am typing": at most once per `intervalMs` while typing (the server forgets a typist
 * after 5 s, so renewing every 2 s keeps the indicator steady), and "stopped" only if a start was sent.
 */
export function createTypingThrottle(intervalMs: number, now: () => number = Date.now) {
  let lastStartAt: number | null = null;
  return {
    /** A keystroke: true when a `typing.start` should be sent now. */
    typed(): boolean {
      const at = now();
      if (lastStartAt !== null && at - lastStartAt < intervalMs) return false;
      lastStartAt = at;
      return true;
    },
    /** Blur or submit: true when a `typing.stop` should be sent. */
    stopped(): boolean {
      const wasTyping = lastStartAt !== null;
      lastStartAt = null;
      return wasTyping;
    },
  };
}

export const TYPING_THROTTLE_MS = 2_000;
