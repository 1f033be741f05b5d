import type { Channel, EventBus } from "@pulse/realtime";
import { markMoment } from "./shared-read";

export interface StateStreamOptions<State, Message> {
  bus: EventBus;
  /** Any message on it is a bell: the state is re-read, whatever the message says. */
  channel: Channel<Message>;
  signal: AbortSignal | undefined;
  /**
   * Reads the current state from the source of truth. It must include every change committed before `since` (the
   * moment of the latest bell, see markMoment): a read that started after it may be shared by many subscribers.
   */
  read(since: number): Promise<State>;
  /** Wait at least this long after a bell before re-reading, so a burst of bells costs one read and one message. */
  coalesceMs?: number;
  /** A time (epoch ms) at which the state changes by itself (an expiry), to re-read then without a bell. */
  nextChangeAt?(state: State): number | undefined;
}

/**
 * A state stream (engagement counts, unread count, who is typing): the current state at subscribe, then the state
 * again whenever it changed. The bus only rings a bell; the state is re-read after the burst settles, so the last
 * message always shows the committed state whatever order the bells arrived in. A bus reconnect also re-reads.
 */
export async function* stateStream<State, Message>(options: StateStreamOptions<State, Message>): AsyncGenerator<State> {
  const { signal } = options;
  // `dirty` survives bells that ring while a read is in flight, so the final change is never missed.
  let dirty = false;
  let rungAt = markMoment();
  let wake: () => void = () => {};
  const ring = () => {
    dirty = true;
    rungAt = markMoment();
    wake();
  };
  // The first read does not wait for Redis; once the channel is acknowledged, a re-read covers the changes between.
  let failure: { error: unknown } | undefined;
  const subscription = options.bus.listen(options.channel, ring);
  if (!subscription.isLive) {
    subscription.live.then(ring, (error: unknown) => {
      failure = { error };
      wake();
    });
  }
  const stopResync = options.bus.onResync(ring);
  const onAbort = () => wake();
  signal?.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    let last = await options.read(rungAt);
    let lastJson = JSON.stringify(last);
    yield last;
    while (!signal?.aborted) {
      const changeAt = options.nextChangeAt?.(last);
      if (changeAt !== undefined) timer = setTimeout(ring, Math.max(0, changeAt - Date.now()));
      if (!dirty && !failure) await new Promise<void>((resolve) => (wake = resolve));
      clearTimeout(timer);
      if (signal?.aborted) break;
      if (failure) throw failure.error;
      if (options.coalesceMs) await new Promise((resolve) => setTimeout(resolve, options.coalesceMs));
      dirty = false;
      const state = await options.read(rungAt);
      const json = JSON.stringify(state);
      if (json !== lastJson) {
        last = state;
        lastJson = json;
        yield state;
      }
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    stopResync();
    // Not awaited: while Redis is away the UNSUBSCRIBE waits for it, and the client's end must not. Never throws.
    void subscription.unsubscribe();
  }
}
