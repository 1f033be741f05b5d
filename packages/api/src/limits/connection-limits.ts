/**
 * Per-connection limits the WebSocket transport puts into the context (absent over HTTP). The router enforces
 * them in one middleware on every procedure (trpc.ts), so no subscription can forget to.
 */
export interface ConnectionLimits {
  readonly maxSubscriptions: number;
  /** Takes one subscription slot, or returns undefined when the connection already holds the maximum. */
  acquireSubscription(): (() => void) | undefined;
}

/** A connection's slot counter; each release function gives its slot back once, however often it is called. */
export function createConnectionLimits(maxSubscriptions: number): ConnectionLimits & {
  readonly activeSubscriptions: number;
} {
  let active = 0;
  return {
    maxSubscriptions,
    get activeSubscriptions() {
      return active;
    },
    acquireSubscription() {
      if (active >= maxSubscriptions) return undefined;
      active++;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        active--;
      };
    },
  };
}

/**
 * The same stream, calling `release` once it ends for any reason: exhausted, thrown, or returned early (the client
 * unsubscribed or disconnected). An iterator rather than a generator: `return()` on a generator that never started
 * would skip its `finally`.
 */
export function releasedWhenDone<T>(stream: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const inner = stream[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await inner.next();
            if (result.done) release();
            return result;
          } catch (error) {
            release();
            throw error;
          }
        },
        async return(value?: unknown) {
          try {
            return (await inner.return?.(value)) ?? { done: true as const, value: undefined };
          } finally {
            release();
          }
        },
      };
    },
  };
}
