import type { Database } from "@pulse/db";
import type { EventBus } from "@pulse/realtime";
import { channels } from "../channels";
import { Inbox } from "../streams/inbox";
import { currentTrendingSnapshot, latestTrendingSnapshot, sameTopics, type TrendingSnapshot } from "./trending";

const RESYNC = Symbol("resync");

export interface TrendingStreamOptions {
  db: Database;
  bus: EventBus;
  signal: AbortSignal | undefined;
  windowMs: number;
}

/**
 * The snapshot at subscribe, then every published change. Messages carry the whole snapshot (serialized once by
 * the bus for every subscriber), so a broadcast costs no database read per subscriber; only a bus reconnect re-reads.
 * Listens before reading, so a change published in between is not missed; stale or unchanged snapshots are skipped.
 */
export async function* trendingStream(options: TrendingStreamOptions): AsyncGenerator<TrendingSnapshot> {
  const messages = new Inbox<TrendingSnapshot | typeof RESYNC>(options.signal);
  // Not waiting for Redis: while it is away the snapshot comes from the database, re-read once the channel is live.
  const subscription = options.bus.listen(channels.trending(), (message) => messages.push(message));
  const stopResync = options.bus.onResync(() => messages.push(RESYNC));
  if (!subscription.isLive)
    subscription.live.then(
      () => messages.push(RESYNC),
      () => {},
    );
  try {
    let last = await currentTrendingSnapshot(options.db, options.windowMs);
    yield last;
    for await (const message of messages) {
      // Checked against the snapshot schema by the bus already.
      const next = message === RESYNC ? await latestTrendingSnapshot(options.db) : message;
      if (!next || next.computedAt < last.computedAt || sameTopics(next.topics, last.topics)) continue;
      last = next;
      yield next;
    }
  } catch (error) {
    // The client went away: `on` rejects with an AbortError, the normal end of a subscription.
    if (!options.signal?.aborted) throw error;
  } finally {
    stopResync();
    await subscription.unsubscribe().catch(() => {});
  }
}
