import { afterAll, describe, expect, it, vi } from "vitest";
import type { EventBus } from "./bus";
import { createRedisBus } from "./redis-bus";
import { createRedisProbe } from "./redis-probe";
import { type RedisServer, startRedisServer, testChannel } from "./testing";

const waitLong = { timeout: 15_000, interval: 25 };

describe("Redis bus metrics (real redis-server)", () => {
  const servers: RedisServer[] = [];
  const buses: EventBus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("measures pub/sub lag from the publish stamp and hands listeners the message without it", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const lags: number[] = [];
    const metrics = { pubSubLag: (seconds: number) => lags.push(seconds), subscriberReconnected: () => {} };
    const receiver = await createRedisBus({ url: server.url, onError: () => {}, metrics });
    const sender = await createRedisBus({ url: server.url, onError: () => {} });
    buses.push(receiver, sender);
    const received: unknown[] = [];
    await receiver.subscribe(testChannel("lag-test"), (message) => received.push(message));
    await sender.publish(testChannel("lag-test"), { type: "new", seq: 1 });
    await sender.publish(testChannel("lag-test"), "not an object: unstamped");
    await vi.waitFor(() => expect(received).toHaveLength(2), waitLong);
    expect(received).toEqual([{ type: "new", seq: 1 }, "not an object: unstamped"]);
    expect(lags).toHaveLength(1);
    expect(lags[0]).toBeGreaterThanOrEqual(0);
  });

  it("counts subscriber reconnects, reports the subscriber down meanwhile, and the probe follows Redis", async () => {
    const server = await startRedisServer();
    servers.push(server);
    let reconnects = 0;
    const metrics = { pubSubLag: () => {}, subscriberReconnected: () => reconnects++ };
    const bus = await createRedisBus({ url: server.url, onError: () => {}, metrics });
    buses.push(bus);
    const probe = createRedisProbe(server.url, { connectTimeoutMs: 1_000 });
    try {
      await probe.ping();
      expect(bus.subscriberConnected).toBe(true);
      await server.kill();
      await vi.waitFor(() => expect(bus.subscriberConnected).toBe(false), waitLong);
      await vi.waitFor(() => expect(probe.ping()).rejects.toMatchObject({ code: "ECONNREFUSED" }), waitLong);
      await server.restart();
      await vi.waitFor(() => expect(reconnects).toBe(1), waitLong);
      expect(bus.subscriberConnected).toBe(true);
      await vi.waitFor(() => probe.ping(), waitLong);
    } finally {
      probe.close();
    }
  });
});
