import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { createEventBus } from "./create-event-bus";
import { startRedisServer, testChannel } from "./testing";

describe("createEventBus", () => {
  it("runs in-process without a Redis URL", async () => {
    const bus = await createEventBus({ redisUrl: undefined });
    const received: unknown[] = [];
    await bus.subscribe(testChannel("pick"), (message) => received.push(message));
    await bus.publish(testChannel("pick"), 1);
    await vi.waitFor(() => expect(received).toEqual([1]));
    await bus.close();
  });

  it("uses Redis when given a URL", async () => {
    const server = await startRedisServer();
    const admin = new Redis(server.url);
    const bus = await createEventBus({ redisUrl: server.url, onError: () => {} });
    try {
      await bus.subscribe(testChannel("pick"), () => {});
      expect(await admin.pubsub("NUMSUB", "pick")).toEqual(["pick", 1]);
    } finally {
      await bus.close();
      admin.disconnect();
      await server.stop();
    }
  });
});
