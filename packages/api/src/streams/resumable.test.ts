import {
  type BusSubscription,
  type Channel,
  channelFamily,
  createInProcessBus,
  type EventBus,
  type Listener,
} from "@pulse/realtime";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { resumableStream } from "./resumable";
import { markMoment, sharedReadPerDatabase } from "./shared-read";

type Event = { seq: number };

/** Events and, on the same channel, traffic the stream must skip (progress). */
const testChannel = channelFamily(
  z.object({ type: z.string().optional(), event: z.object({ seq: z.number() }).optional() }),
  (name: string) => name,
);
const c = testChannel("c");

describe("resumableStream", () => {
  it("yields in order without duplicates, fills gaps from the database, and ignores traffic it is not concerned with", async () => {
    const bus = createInProcessBus();
    const stored: Event[] = [{ seq: 1 }, { seq: 2 }];
    const readAfter = vi.fn(async (after: number, limit: number) =>
      stored.filter((event) => event.seq > after).slice(0, limit),
    );
    const controller = new AbortController();
    const stream = resumableStream({
      bus,
      channel: c,
      signal: controller.signal,
      lastEventId: "0",
      maxReplay: 100,
      latestSeq: async () => stored.length,
      readAfter,
      eventOf: (message) => message.event,
      concerns: (message) => message.type !== "progress",
    });
    const seen: number[] = [];
    const draining = (async () => {
      for await (const item of stream) {
        const [, data] = item as unknown as [string, { type: string; event: Event }];
        seen.push(data.event.seq);
        if (seen.length === 5) controller.abort();
      }
    })();
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    const readsAfterReplay = readAfter.mock.calls.length;

    for (let index = 0; index < 10; index++) await bus.publish(c, { type: "progress" });
    await bus.publish(c, { event: { seq: 3 } }); // the next one: yielded straight from the message
    await bus.publish(c, { event: { seq: 2 } }); // a duplicate: dropped
    await vi.waitFor(() => expect(seen).toEqual([1, 2, 3]));
    expect(readAfter.mock.calls.length).toBe(readsAfterReplay);

    stored.push({ seq: 3 }, { seq: 4 }, { seq: 5 });
    await bus.publish(c, { event: { seq: 5 } }); // a gap (4 missing): filled from the database
    await draining;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(readAfter.mock.calls.length).toBe(readsAfterReplay + 1);
    await bus.close();
  });

  it("replays from the database before the bus acknowledges the channel, then re-reads once it does", async () => {
    const inner = createInProcessBus();
    let acknowledge: () => void = () => {};
    // A channel Redis has not acknowledged yet (e.g. Redis is away): messages cannot reach the listener.
    const bus: EventBus = {
      ...inner,
      listen<Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription {
        const subscription = inner.listen(channel, listener);
        const live = new Promise<void>((resolve) => {
          acknowledge = resolve;
        });
        return { isLive: false, live, unsubscribe: subscription.unsubscribe };
      },
    };
    const stored: Event[] = [{ seq: 1 }, { seq: 2 }, { seq: 3 }];
    const controller = new AbortController();
    const stream = resumableStream({
      bus,
      channel: c,
      signal: controller.signal,
      lastEventId: "1",
      maxReplay: 100,
      latestSeq: async () => stored.length,
      readAfter: async (after, limit) => stored.filter((event) => event.seq > after).slice(0, limit),
      eventOf: (message) => message.event,
    });
    const seen: number[] = [];
    const draining = (async () => {
      for await (const item of stream) {
        const [, data] = item as unknown as [string, { event: Event }];
        seen.push(data.event.seq);
        if (seen.length === 3) controller.abort();
      }
    })();
    await vi.waitFor(() => expect(seen).toEqual([2, 3]));
    // Committed while the channel was not live: nobody rang for it.
    stored.push({ seq: 4 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([2, 3]);
    acknowledge();
    await draining;
    expect(seen).toEqual([2, 3, 4]);
    await inner.close();
  });

  it("starts a fresh subscription at the latest seq without reading history, and resyncs only what the bus missed", async () => {
    const inner = createInProcessBus();
    let acknowledge: () => void = () => {};
    let live = true;
    const bus: EventBus = {
      ...inner,
      listen<Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription {
        const subscription = inner.listen(channel, listener);
        if (live) return subscription;
        const acknowledged = new Promise<void>((resolve) => {
          acknowledge = resolve;
        });
        return { isLive: false, live: acknowledged, unsubscribe: subscription.unsubscribe };
      },
    };
    const stored: Event[] = [{ seq: 1 }, { seq: 2 }];
    const readAfter = vi.fn(async (after: number, limit: number) =>
      stored.filter((event) => event.seq > after).slice(0, limit),
    );
    const latestSeq = vi.fn(async () => stored.length);
    const item = z.tuple([z.string(), z.object({ event: z.object({ seq: z.number() }) })]).rest(z.unknown());
    const consume = (count: number) => {
      const controller = new AbortController();
      const seen: number[] = [];
      const stream = resumableStream({
        bus,
        channel: c,
        signal: controller.signal,
        lastEventId: undefined,
        maxReplay: 100,
        latestSeq,
        readAfter,
        eventOf: (message) => message.event,
      });
      const done = (async () => {
        for await (const tracked of stream) {
          seen.push(item.parse(tracked)[1].event.seq);
          if (seen.length === count) controller.abort();
        }
      })();
      return { seen, done };
    };

    // Live from the start: history is not read, the next commit arrives through the bus.
    const fresh = consume(1);
    await vi.waitFor(() => expect(latestSeq).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    stored.push({ seq: 3 });
    await inner.publish(c, { event: { seq: 3 } });
    await fresh.done;
    expect(fresh.seen).toEqual([3]);
    expect(readAfter).not.toHaveBeenCalled();

    // Not yet acknowledged: a commit meanwhile rings nobody, and is read once the channel is live.
    live = false;
    const late = consume(1);
    await vi.waitFor(() => expect(latestSeq).toHaveBeenCalledTimes(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    stored.push({ seq: 4 });
    acknowledge();
    await late.done;
    expect(late.seen).toEqual([4]);
    expect(readAfter).toHaveBeenCalledTimes(1);
    await inner.close();
  });

  it("tabs opened together on a channel not yet acknowledged share their reads; on a live one no earlier read is joined", async () => {
    const inner = createInProcessBus();
    let live = false;
    let acknowledge: () => void = () => {};
    const acknowledged = new Promise<void>((resolve) => {
      acknowledge = resolve;
    });
    const bus: EventBus = {
      ...inner,
      listen<Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription {
        const subscription = inner.listen(channel, listener);
        return { isLive: live, live: live ? Promise.resolve() : acknowledged, unsubscribe: subscription.unsubscribe };
      },
    };
    const database = {};
    const stored: Event[] = [{ seq: 1 }, { seq: 2 }];
    const gates: Array<() => void> = [];
    const latestReads: number[] = [];
    const latest = sharedReadPerDatabase(async (_db: object, stream: string) => {
      const value = stored.length;
      latestReads.push(value);
      await new Promise<void>((resolve) => gates.push(resolve));
      return value + stream.length - 1;
    });
    const pageReads: number[] = [];
    const after = sharedReadPerDatabase(async (_db: object, afterSeq: number, limit: number) => {
      pageReads.push(afterSeq);
      return stored.filter((event) => event.seq > afterSeq).slice(0, limit);
    });
    const controller = new AbortController();
    const open = () => {
      const stream = resumableStream({
        bus,
        channel: c,
        signal: controller.signal,
        lastEventId: undefined,
        maxReplay: 100,
        latestSeq: (since) => latest(database, since, "c"),
        readAfter: (afterSeq, limit, since) => after(database, since, afterSeq, limit),
        eventOf: (message) => message.event,
      });
      return stream.next();
    };
    const release = () => {
      for (const gate of gates.splice(0)) gate();
    };

    // Not acknowledged yet: three tabs, one read of the head (each will re-read once the channel is live).
    const tabs = [open(), open(), open()];
    await vi.waitFor(() => expect(latestReads).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(latestReads).toHaveLength(1);
    release();
    stored.push({ seq: 3 }); // committed before the channel was live: nobody was rung
    acknowledge();
    const items = await Promise.all(tabs);
    expect(items.map((item) => (item.done ? undefined : item.value[0]))).toEqual(["3", "3", "3"]);
    // The three resyncs after 2 were one read.
    expect(pageReads).toEqual([2]);

    // Live: a read of the head in flight since before the listener may predate a commit the tab must see: not joined.
    live = true;
    const earlier = latest(database, markMoment(), "c");
    const tab = open();
    await vi.waitFor(() => expect(latestReads).toHaveLength(3));
    release();
    await earlier;
    stored.push({ seq: 4 });
    await inner.publish(c, { event: { seq: 4 } });
    const item = await tab;
    expect(item.done ? undefined : item.value[0]).toBe("4");
    controller.abort();
    await inner.close();
  });
});
