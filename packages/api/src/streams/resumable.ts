import type { Channel, EventBus } from "@pulse/realtime";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { Inbox } from "./inbox";
import { markMoment } from "./shared-read";

export interface Sequenced {
  seq: number;
}

/** What a resumable stream yields: the next event, or one reset when the client missed more than the replay bound. */
export type StreamItem<Event> = { type: "event"; event: Event } | { type: "reset"; latestSeq: number };

export type ResetItem = Extract<StreamItem<never>, { type: "reset" }>;

export interface ResumableStreamOptions<Message, Event extends Sequenced, Item = { type: "event"; event: Event }> {
  bus: EventBus;
  channel: Channel<Message>;
  signal: AbortSignal | undefined;
  /** The client's last seen tracked id; null/undefined → only events from now on. */
  lastEventId: string | null | undefined;
  maxReplay: number;
  /**
   * The stream's last committed seq, read after `since` (the moment the listener was registered, see markMoment):
   * a read of the same stream another subscriber started after that moment serves as well.
   */
  latestSeq(since: number): Promise<number>;
  /**
   * Events with seq > afterSeq, ascending, at most `limit`, including every commit before `since` (the moment the
   * gap or the resync was noticed): a read of the same page started after it may be shared.
   */
  readAfter(afterSeq: number, limit: number, since: number): Promise<Event[]>;
  /** The event a bus message carries, or undefined for messages that only ring the bell. */
  eventOf(message: Message): Event | undefined;
  /**
   * Whether a message concerns this stream at all (default: every message does). The channel may carry other
   * traffic — read receipts, match progress — that must not cost a database read per subscriber.
   */
  concerns?(message: Message): boolean;
  /**
   * What the client receives for an event (default `{ type: "event", event }`): a stream whose events come in kinds
   * (a feed's entries and removals) gives each kind its own item type, so older clients can skip the new kinds.
   */
  present?(event: Event): Item;
}

/** The input of every resumable subscription: the last tracked id the client saw, if any. */
export const resumeInput = z.object({ lastEventId: z.string().max(20).nullish() }).default({});

const RESYNC = Symbol("resync");

/** Put in the inbox when the channel can never be subscribed: the stream ends with this error. */
class ListenFailed {
  constructor(readonly error: unknown) {}
}

/**
 * One item object per event object: the listeners of a channel receive the same decoded event, so every
 * subscription of it yields the same item — which the transport then serializes once for all of them.
 */
const itemOfEvent = new WeakMap<object, unknown>();
function itemOf<Event extends Sequenced, Item>(event: Event, present?: (event: Event) => Item): Item {
  let item = itemOfEvent.get(event) as Item | undefined;
  if (!item) {
    item = present ? present(event) : ({ type: "event", event } as Item);
    itemOfEvent.set(event, item);
  }
  return item;
}
const CATCH_UP_PAGE = 200;

/**
 * A persisted per-user stream, exactly once and in order across reconnects. It listens on the bus *first*, then
 * replays from the database after `lastEventId`, then drains live messages: the next seq is yielded directly, a
 * duplicate is dropped, a gap (or a bus reconnect) is filled from the database, which is the source of truth.
 * The replay does not wait for Redis: while it is away the client gets what the database holds, and once the
 * channel is acknowledged the database is read again from the last delivered seq, covering what committed meanwhile.
 */
export async function* resumableStream<Message, Event extends Sequenced, Item = { type: "event"; event: Event }>(
  options: ResumableStreamOptions<Message, Event, Item>,
) {
  const messages = new Inbox<Message | typeof RESYNC | ListenFailed>(options.signal);
  // The moment of the latest message or resync pushed here: a database read that started after it is as good as
  // this subscription's own, so the subscriptions of one stream on this instance may share it (see markMoment).
  let pushedAt = 0;
  const receive = (message: Message | typeof RESYNC) => {
    pushedAt = markMoment();
    messages.push(message);
  };
  const subscription = options.bus.listen(options.channel, receive);
  const listening = markMoment();
  const stopResync = options.bus.onResync(() => receive(RESYNC));
  // Checked before the first database read: if the channel was live by then, every later commit rings.
  const resyncsOnceLive = !subscription.isLive;
  if (resyncsOnceLive) {
    subscription.live.then(
      () => receive(RESYNC),
      (error: unknown) => messages.push(new ListenFailed(error)),
    );
  }
  const requested = options.lastEventId == null ? undefined : Number(options.lastEventId);
  try {
    let lastSeq: number;
    let resuming = false;
    // A fresh start on a channel not yet acknowledged re-reads once it is, so any read of the head in flight serves
    // it (the tabs of a user opened together: one read). Otherwise the read must begin after the listener did.
    const latest = await options.latestSeq(requested === undefined && resyncsOnceLive ? 0 : listening);
    if (requested === undefined) {
      lastSeq = latest;
    } else if (
      !Number.isSafeInteger(requested) ||
      requested < 0 ||
      requested > latest ||
      latest - requested > options.maxReplay
    ) {
      // Too far behind (or an id this stream never issued): one reset, then live from here.
      yield tracked(String(latest), { type: "reset", latestSeq: latest } as ResetItem | Item);
      lastSeq = latest;
    } else {
      lastSeq = requested;
      resuming = true;
    }

    const catchUp = async function* () {
      for (;;) {
        const missed = await options.readAfter(lastSeq, CATCH_UP_PAGE, Math.max(listening, pushedAt));
        for (const event of missed) {
          lastSeq = event.seq;
          yield tracked(String(event.seq), itemOf(event, options.present) as ResetItem | Item);
        }
        if (missed.length < CATCH_UP_PAGE) return;
      }
    };
    // A fresh start (or a reset) begins at `latest`: whatever commits after that read is published after its commit,
    // so it reaches the listener (live before the read, or resynced from the database once it is). Only a resume has
    // history to read here — one query less per new subscription, thousands in a reconnect storm.
    if (resuming) yield* catchUp();

    for await (const message of messages) {
      if (message instanceof ListenFailed) throw message.error;
      if (message !== RESYNC && options.concerns && !options.concerns(message)) continue;
      const event = message === RESYNC ? undefined : options.eventOf(message);
      if (event && event.seq <= lastSeq) continue;
      if (event && event.seq === lastSeq + 1) {
        lastSeq = event.seq;
        yield tracked(String(event.seq), itemOf(event, options.present) as ResetItem | Item);
      } else {
        yield* catchUp();
      }
    }
  } catch (error) {
    // The client went away: `on` rejects with an AbortError, which is the normal end of a subscription.
    if (!options.signal?.aborted) throw error;
  } finally {
    stopResync();
    // Not awaited: while Redis is away the UNSUBSCRIBE waits for it, and the client's end must not. Never throws.
    void subscription.unsubscribe();
  }
}
