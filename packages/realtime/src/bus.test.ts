import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type ErrorReporter, type EventBus, EventBusClosedError } from "./bus";
import { createInProcessBus } from "./in-process-bus";
import { createRedisBus, RESYNC_CHANNEL } from "./redis-bus";
import { type RedisServer, startRedisServer, testChannel } from "./testing";

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

const flavours = [
  { name: "in-process", redis: false, create: async (onError: ErrorReporter) => createInProcessBus({ onError }) },
  { name: "redis", redis: true, create: (onError: ErrorReporter) => createRedisBus({ url: server.url, onError }) },
];

function recorder() {
  const messages: unknown[] = [];
  return { messages, listener: (message: unknown) => void messages.push(message) };
}

describe.each(flavours)("$name bus", ({ redis, create }) => {
  const buses: EventBus[] = [];
  let errors: unknown[] = [];

  async function openBus(): Promise<EventBus> {
    const bus = await create((error) => errors.push(error));
    buses.push(bus);
    return bus;
  }

  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    errors = [];
  });

  it("delivers each message once to every listener of its channel only, JSON round-tripped", async () => {
    const bus = await openBus();
    const first = recorder();
    const second = recorder();
    const other = recorder();
    await bus.subscribe(testChannel("test:a"), first.listener);
    await bus.subscribe(testChannel("test:a"), second.listener);
    await bus.subscribe(testChannel("test:b"), other.listener);
    const sent = { at: new Date("2024-05-01T12:00:00Z"), nested: { count: 1 }, dropped: undefined };

    await bus.publish(testChannel("test:a"), sent);
    // Delivery is ordered per bus: once the marker on b arrived, the message on a has been handed out.
    await bus.publish(testChannel("test:b"), "marker");
    await vi.waitFor(() => expect(other.messages).toEqual(["marker"]));

    const expected = { at: "2024-05-01T12:00:00.000Z", nested: { count: 1 } };
    expect(first.messages).toEqual([expected]);
    expect(second.messages).toEqual([expected]);
    expect(first.messages[0]).toBe(second.messages[0]);
    expect(first.messages[0]).not.toBe(sent);
    expect(errors).toEqual([]);
  });

  it("never runs a listener inside the publisher's call", async () => {
    const bus = await openBus();
    const { messages, listener } = recorder();
    await bus.subscribe(testChannel("test:async"), listener);
    const publishing = bus.publish(testChannel("test:async"), 1);
    expect(messages).toEqual([]);
    await publishing;
    await vi.waitFor(() => expect(messages).toEqual([1]));
  });

  it("stops delivering to a listener once it unsubscribed, and unsubscribing twice is harmless", async () => {
    const bus = await openBus();
    const leaving = recorder();
    const staying = recorder();
    const unsubscribe = await bus.subscribe(testChannel("test:leave"), leaving.listener);
    await bus.subscribe(testChannel("test:leave"), staying.listener);
    await Promise.all([unsubscribe(), unsubscribe()]);
    await unsubscribe();

    await bus.publish(testChannel("test:leave"), "after");
    await vi.waitFor(() => expect(staying.messages).toEqual(["after"]));
    expect(leaving.messages).toEqual([]);
    expect(bus.localListenerCount).toBe(1);
  });

  it("leaves no channel or listener behind after 1 000 subscribe/unsubscribe cycles, racing ones included", async () => {
    const bus = await openBus();
    const listener = () => {};
    for (let i = 0; i < 1_000; i++) {
      const channel = `cycle:${i % 10}`;
      const first = await bus.subscribe(testChannel(channel), listener);
      // The channel's last listener leaves while a new one arrives: UNSUBSCRIBE and SUBSCRIBE race.
      const [second] = await Promise.all([bus.subscribe(testChannel(channel), listener), first(), first()]);
      if (redis && i % 100 === 0) expect(await admin.pubsub("NUMSUB", channel)).toEqual([channel, 1]);
      await second();
    }
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const unsubscribe = await bus.subscribe(testChannel(`burst:${i % 3}`), listener);
        await Promise.all([unsubscribe(), unsubscribe()]);
      }),
    );

    expect(bus.localChannelCount).toBe(0);
    expect(bus.localListenerCount).toBe(0);
    if (redis) expect(await admin.pubsub("CHANNELS")).toEqual([RESYNC_CHANNEL]);
    expect(errors).toEqual([]);
  });

  it("serializes a message once per publish and parses it once per delivery, however many listeners", async () => {
    const bus = await openBus();
    const received: unknown[] = [];
    for (let i = 0; i < 100; i++) await bus.subscribe(testChannel("test:fanout"), (message) => received.push(message));
    const message = { hello: "world" };
    const stringify = vi.spyOn(JSON, "stringify");
    const parse = vi.spyOn(JSON, "parse");

    await bus.publish(testChannel("test:fanout"), message);
    await vi.waitFor(() => expect(received).toHaveLength(100));

    expect(stringify.mock.calls.filter(([value]) => value === message)).toHaveLength(1);
    expect(parse.mock.calls.filter(([text]) => text === '{"hello":"world"}')).toHaveLength(1);
    expect(new Set(received).size).toBe(1);
  });

  it("keeps delivering to the other listeners when one throws, and reports the error", async () => {
    const bus = await openBus();
    const failure = new Error("listener failed");
    const { messages, listener } = recorder();
    await bus.subscribe(testChannel("test:throw"), () => {
      throw failure;
    });
    await bus.subscribe(testChannel("test:throw"), listener);

    await bus.publish(testChannel("test:throw"), 1);
    await bus.publish(testChannel("test:throw"), 2);
    await vi.waitFor(() => expect(messages).toEqual([1, 2]));
    expect(errors).toEqual([failure, failure]);
  });

  it("rejects a message that has no JSON form", async () => {
    const bus = await openBus();
    await expect(bus.publish(testChannel("test:invalid"), undefined)).rejects.toBeInstanceOf(TypeError);
  });

  it("refuses to publish or subscribe once closed, and closes twice without complaint", async () => {
    const bus = await openBus();
    await bus.subscribe(testChannel("test:closed"), () => {});
    await bus.close();
    await bus.close();
    expect(bus.localListenerCount).toBe(0);
    await expect(bus.publish(testChannel("test:closed"), 1)).rejects.toBeInstanceOf(EventBusClosedError);
    await expect(bus.subscribe(testChannel("test:closed"), () => {})).rejects.toBeInstanceOf(EventBusClosedError);
  });
});
