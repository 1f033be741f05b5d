import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { type EventBus, EventBusClosedError } from "./bus";
import { channelFamily } from "./channel";
import { createRedisBus, type RedisBusOptions } from "./redis-bus";
import { type RedisServer, startRedisServer, testChannel } from "./testing";

const noop = () => {};
const servers: RedisServer[] = [];
const buses: EventBus[] = [];
const clients: Redis[] = [];

async function startServer(): Promise<RedisServer> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

async function openBus(url: string, options: Partial<RedisBusOptions> = {}): Promise<EventBus> {
  const bus = await createRedisBus({ url, onError: noop, ...options });
  buses.push(bus);
  return bus;
}

function adminClient(url: string): Redis {
  const client = new Redis(url);
  clients.push(client);
  return client;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  for (const client of clients.splice(0)) client.disconnect();
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe("two server instances on one Redis", () => {
  let server: RedisServer;
  let admin: Redis;

  beforeAll(async () => {
    server = await startServer();
  });

  beforeEach(() => {
    admin = adminClient(server.url);
  });

  it("delivers a message published on one instance to the listeners of the other", async () => {
    const a = await openBus(server.url);
    const b = await openBus(server.url);
    const onA: unknown[] = [];
    const onB: unknown[] = [];
    await a.subscribe(testChannel("shared"), (message) => onA.push(message));
    await b.subscribe(testChannel("shared"), (message) => onB.push(message));

    await a.publish(testChannel("shared"), { from: "a" });
    await vi.waitFor(() => expect(onB).toEqual([{ from: "a" }]));
    await vi.waitFor(() => expect(onA).toEqual([{ from: "a" }]));
  });

  it("drops and reports a message its channel's schema refuses, once, and keeps delivering the next ones", async () => {
    const errors: unknown[] = [];
    const bus = await openBus(server.url, { onError: (error) => errors.push(error) });
    const counters = channelFamily(z.object({ count: z.number().int() }), (id: string) => `typed:${id}`);
    const first: number[] = [];
    const second: number[] = [];
    await bus.subscribe(counters("a"), (message) => first.push(message.count));
    await bus.subscribe(counters("a"), (message) => second.push(message.count));

    // Whoever can PUBLISH on this Redis (an older instance, an operator) may send anything.
    await admin.publish("typed:a", JSON.stringify({ count: "seven" }));
    await admin.publish("typed:a", "{not json");
    await bus.publish(counters("a"), { count: 8 });

    await vi.waitFor(() => expect(first).toEqual([8]));
    expect(second).toEqual([8]);
    expect(errors.map((error) => (error instanceof Error ? error.message : String(error)))).toEqual([
      "malformed message on typed:a dropped",
      "unparsable message on typed:a",
    ]);
  });

  it("subscribes an instance only to the channels its listeners need", async () => {
    const a = await openBus(server.url);
    const b = await openBus(server.url);
    const onX: unknown[] = [];
    await b.subscribe(testChannel("only:x"), (message) => onX.push(message));
    expect(await admin.pubsub("NUMSUB", "only:x", "only:y")).toEqual(["only:x", 1, "only:y", 0]);
    const parse = vi.spyOn(JSON, "parse");

    await a.publish(testChannel("only:y"), "for nobody");
    await a.publish(testChannel("only:x"), "for b");
    // Redis delivers in publish order: once x arrived, y would have been there too.
    await vi.waitFor(() => expect(onX).toEqual(["for b"]));
    expect(parse.mock.calls.filter(([text]) => text === '"for nobody"')).toEqual([]);
    expect(await admin.publish("only:y", '"probe"')).toBe(0);
    expect(b.localChannelCount).toBe(1);
    expect(a.localChannelCount).toBe(0);
  });

  it("uses one publisher and one subscriber connection however many channels it listens to", async () => {
    const bus = await openBus(server.url);
    for (let i = 0; i < 50; i++) await bus.subscribe(testChannel(`many:${i}`), noop);
    const clientList = String(await admin.client("LIST"));
    const named = (name: string) => clientList.split("\n").filter((line) => line.includes(` name=${name} `));
    expect(named("pulse-realtime-publisher")).toHaveLength(1);
    expect(named("pulse-realtime-subscriber")).toHaveLength(1);
    // The 50 channels and the reserved resync channel every instance listens on.
    expect(named("pulse-realtime-subscriber")[0]).toContain(" sub=51 ");
    expect(named("pulse-realtime-subscriber")[0]).toContain(" psub=0 ");
  });

  it("rejects a publish that gets no reply in time instead of waiting", async () => {
    const bus = await openBus(server.url, { publishTimeoutMs: 100 });
    await admin.client("PAUSE", 1_000, "WRITE");
    await expect(bus.publish(testChannel("paused"), 1)).rejects.toThrow(/publish to paused failed/);
    await admin.client("UNPAUSE");
  });
});

describe("when Redis goes away", () => {
  it("rejects publishes, then reconnects, resyncs and delivers to the listeners it already had", async () => {
    const server = await startServer();
    const errors: unknown[] = [];
    const bus = await openBus(server.url, { onError: (error) => errors.push(error) });
    const received: unknown[] = [];
    await bus.subscribe(testChannel("fault"), (message) => received.push(message));
    const others = Array.from({ length: 200 }, (_, i) => `fault:${i}`);
    for (const channel of others) await bus.subscribe(testChannel(channel), noop);
    const leaving = await bus.subscribe(testChannel("fault:leaving"), noop);
    let resyncs = 0;
    const resynced = new Promise<void>((resolve) =>
      bus.onResync(() => {
        resyncs++;
        resolve();
      }),
    );

    await server.kill();
    await expect(bus.publish(testChannel("fault"), "lost")).rejects.toThrow(/publish to fault failed/);
    // Changes made during the outage wait for Redis instead of failing.
    const arriving = bus.subscribe(testChannel("fault:arriving"), (message) => received.push(message));
    const left = leaving();

    await server.restart();
    await resynced;
    await Promise.all([arriving, left]);
    const admin = adminClient(server.url);
    const counts = await admin.pubsub("NUMSUB", "fault", ...others, "fault:arriving", "fault:leaving");
    expect(counts).toEqual([
      "fault",
      1,
      ...others.flatMap((channel) => [channel, 1]),
      "fault:arriving",
      1,
      "fault:leaving",
      0,
    ]);
    // The publisher reconnects on its own schedule; until then a publish is refused before it is sent.
    await vi.waitFor(() => bus.publish(testChannel("fault"), "after"), { timeout: 10_000, interval: 50 });
    await bus.publish(testChannel("fault:arriving"), "new");
    await vi.waitFor(() => expect(received).toEqual(["after", "new"]));
    // One for the subscriber's return and one for the publisher's (a publish was refused while it was away), or one
    // when both come back together: never one per channel or per retry.
    expect(resyncs).toBeGreaterThanOrEqual(1);
    expect(resyncs).toBeLessThanOrEqual(2);
    expect(errors).toContainEqual(new Error("Redis subscriber connection lost; reconnecting"));
  });

  it("resyncs when the publisher is back after refusing a publish, though the subscriber never left", async () => {
    const server = await startServer();
    const bus = await openBus(server.url);
    await bus.subscribe(testChannel("solo"), noop);
    const resynced = new Promise<void>((resolve) => bus.onResync(resolve));
    const admin = adminClient(server.url);
    const clientList = String(await admin.client("LIST"));
    const publisherId = /id=(\d+) [^\n]*name=pulse-realtime-publisher/.exec(clientList)?.[1];
    expect(publisherId).toBeDefined();
    await admin.client("KILL", "ID", publisherId as string);
    // The doorbell of a write committed now rings for nobody: the refusal is what asks for the resync.
    let refused = false;
    for (let attempt = 0; attempt < 50 && !refused; attempt++) {
      refused = await bus.publish(testChannel("solo"), "lost").then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
    await resynced;
  });

  it("asks the other instances to resync too when its publisher is back after refusing a publish", async () => {
    const server = await startServer();
    const admin = adminClient(server.url);
    const publisherIds = async () =>
      [...String(await admin.client("LIST")).matchAll(/id=(\d+) [^\n]*name=pulse-realtime-publisher/g)].map(
        (match) => match[1] as string,
      );
    const writer = await openBus(server.url);
    const [writerPublisher] = await publisherIds();
    const other = await openBus(server.url);
    expect(await publisherIds()).toHaveLength(2);
    await other.subscribe(testChannel("shared"), noop);
    const otherResynced = new Promise<void>((resolve) => other.onResync(resolve));
    let writerResyncs = 0;
    writer.onResync(() => {
      writerResyncs++;
    });
    // Only the writer's publisher goes away: the other instance's connections never notice anything.
    await admin.client("KILL", "ID", writerPublisher as string);
    let refused = false;
    for (let attempt = 0; attempt < 50 && !refused; attempt++) {
      refused = await writer.publish(testChannel("shared"), "lost").then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
    await otherResynced;
    // The writer resynced once, locally; its own call on the resync channel does not make it read twice.
    await vi.waitFor(() => expect(writerResyncs).toBe(1));
    expect(other.localChannelCount).toBe(1);
  });

  it("listens without waiting for Redis: live once the channel is acknowledged after the outage", async () => {
    const server = await startServer();
    const bus = await openBus(server.url);
    await bus.subscribe(testChannel("held"), noop);
    expect(bus.listen(testChannel("held"), noop).isLive).toBe(true);
    await server.kill();

    const received: unknown[] = [];
    const fresh = bus.listen(testChannel("fresh"), (message) => received.push(message));
    // Registered at once, acknowledged only when Redis is back.
    expect(fresh.isLive).toBe(false);
    expect(bus.localChannelCount).toBe(2);
    let live = false;
    void fresh.live.then(() => {
      live = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live).toBe(false);

    await server.restart();
    await fresh.live;
    expect(fresh.isLive).toBe(true);
    expect(await adminClient(server.url).pubsub("NUMSUB", "fresh")).toEqual(["fresh", 1]);
    await vi.waitFor(() => bus.publish(testChannel("fresh"), "hello"), { timeout: 10_000, interval: 50 });
    await vi.waitFor(() => expect(received).toEqual(["hello"]));
    await fresh.unsubscribe();
    expect(await adminClient(server.url).pubsub("NUMSUB", "fresh")).toEqual(["fresh", 0]);
  });

  it("rejects `live` of a listener whose channel was never acknowledged when the bus closes, and removes it", async () => {
    const server = await startServer();
    const bus = await openBus(server.url);
    await server.kill();
    const waiting = bus.listen(testChannel("waiting"), noop);
    expect(bus.localListenerCount).toBe(1);
    await bus.close();
    await expect(waiting.live).rejects.toBeInstanceOf(EventBusClosedError);
    expect(bus.localListenerCount).toBe(0);
  });

  it("closes without hanging and settles a subscribe that was waiting for Redis", async () => {
    const server = await startServer();
    const bus = await openBus(server.url);
    await bus.subscribe(testChannel("doomed"), noop);
    await server.kill();
    const waiting = bus.subscribe(testChannel("waiting"), noop);

    await bus.close();
    await expect(waiting).rejects.toBeInstanceOf(EventBusClosedError);
    expect(bus.localChannelCount).toBe(0);
  });

  it("refuses to start when Redis cannot be reached", async () => {
    const server = await startServer();
    await server.stop();
    await expect(createRedisBus({ url: server.url, onError: noop })).rejects.toThrow(
      /could not connect to Redis: connect ECONNREFUSED/,
    );
  });
});
