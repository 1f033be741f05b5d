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
 * One subscription's hold on a slot of its connection: given back once the stream ends for any reason (exhausted,
 * thrown, returned early because the client unsubscribed or disconnected), and also when nobody starts iterating
 * the stream by the next turn of the event loop. tRPC's WebSocket adapter checks for a duplicate live id only
 * after the procedure returned, and then drops the stream without iterating or aborting it: that slot would leak.
 * A stream iterated later all the same (no tRPC path does) takes a slot again, or throws `full()` when none is free.
 */
export class SlotHold {
  readonly #connection: ConnectionLimits;
  readonly #full: () => Error;
  #release: (() => void) | undefined;

  private constructor(connection: ConnectionLimits, release: () => void, full: () => Error) {
    this.#connection = connection;
    this.#release = release;
    this.#full = full;
  }

  /** Takes a slot, or throws `full()` when the connection holds the maximum. */
  static take(connection: ConnectionLimits, full: () => Error): SlotHold {
    const release = connection.acquireSubscription();
    if (!release) throw full();
    return new SlotHold(connection, release, full);
  }

  /** Gives the slot back; harmless when already given back. */
  release(): void {
    this.#release?.();
    this.#release = undefined;
  }

  /** The same stream, holding the slot while iterated (see the class comment). */
  stream<T>(stream: AsyncIterable<T>): AsyncIterable<T> {
    let iterated = false;
    setImmediate(() => {
      if (!iterated) this.release();
    });
    return {
      [Symbol.asyncIterator]: () => {
        iterated = true;
        if (!this.#release) {
          this.#release = this.#connection.acquireSubscription();
          if (!this.#release) throw this.#full();
        }
        return this.#releasedWhenDone(stream[Symbol.asyncIterator]());
      },
    };
  }

  /** An iterator rather than a generator: `return()` on a generator that never started would skip its `finally`. */
  #releasedWhenDone<T>(inner: AsyncIterator<T>): AsyncIterator<T> {
    return {
      next: async () => {
        try {
          const result = await inner.next();
          if (result.done) this.release();
          return result;
        } catch (error) {
          this.release();
          throw error;
        }
      },
      return: async (value?: unknown) => {
        try {
          return (await inner.return?.(value)) ?? { done: true as const, value: undefined };
        } finally {
          this.release();
        }
      },
    };
  }
}
