import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer } from "./testing";
import { createInProcessTypingStore, createRedisTypingStore, type TypingStore } from "./typing-store";

const alice = { id: "a", username: "alice", displayName: "Alice" };
const bob = { id: "b", username: "bob", displayName: "Bob" };

let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

describe.each([
  ["in-process", (now: () => number) => Promise.resolve(createInProcessTypingStore(now))],
  ["redis", (now: () => number) => createRedisTypingStore(redis.url, now)],
] as const)("%s typing store", (_name, create) => {
  let clock = 1_000_000;
  let store: TypingStore;
  beforeAll(async () => {
    store = await create(() => clock);
  });
  afterAll(() => store.close());

  it("reports only changes of the set, expires entries by themselves and refreshes on repeat", async () => {
    const thread = `t-${Math.random()}`;
    expect(await store.start(thread, alice, 5_000)).toBe(true);
    expect(await store.start(thread, alice, 5_000)).toBe(false);
    expect(await store.start(thread, bob, 5_000)).toBe(true);
    expect(await store.list(thread)).toEqual({ users: [alice, bob], nextExpiryAt: clock + 5_000 });

    clock += 3_000;
    expect(await store.start(thread, bob, 5_000)).toBe(false);
    clock += 2_500;
    // Alice's 5 s ran out; Bob refreshed 2.5 s ago.
    expect(await store.list(thread)).toEqual({ users: [bob], nextExpiryAt: clock + 2_500 });
    expect(await store.start(thread, alice, 5_000)).toBe(true);

    expect(await store.stop(thread, bob.id)).toBe(true);
    expect(await store.stop(thread, bob.id)).toBe(false);
    expect((await store.list(thread)).users).toEqual([alice]);
    clock += 10_000;
    expect(await store.list(thread)).toEqual({ users: [], nextExpiryAt: undefined });
  });
});
