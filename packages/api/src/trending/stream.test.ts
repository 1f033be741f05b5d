import { createTestDatabase, type TestDatabase } from "@pulse/db/testing";
import { type Channel, createInProcessBus, type EventBus, type Listener } from "@pulse/realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trendingStream } from "./stream";

/** A bus whose Redis is away: listeners register locally, but no channel ever becomes live. */
function busWithoutRedis(bus: EventBus): EventBus {
  return new Proxy(bus, {
    get(target, property, receiver) {
      if (property === "subscribe") return () => new Promise(() => {});
      if (property === "listen") {
        return <Message>(channel: Channel<Message>, listener: Listener<Message>) => {
          const local = target.listen(channel, listener);
          return { isLive: false, live: new Promise<void>(() => {}), unsubscribe: () => local.unsubscribe() };
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("trending stream while Redis is away", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(() => database.close());

  it("serves the snapshot from the database without waiting for the channel", async () => {
    const controller = new AbortController();
    const stream = trendingStream({
      db: database.db,
      bus: busWithoutRedis(createInProcessBus()),
      signal: controller.signal,
      windowMs: 60_000,
    });
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ topics: [] });
    controller.abort();
    await stream.return(undefined);
  });
});
