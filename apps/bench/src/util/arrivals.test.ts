import { describe, expect, it } from "vitest";
import { ArrivalBook } from "./arrivals";

describe("ArrivalBook", () => {
  it("resolves a wait with events that arrived before it (the event may beat the mutation's response)", async () => {
    const book = new ArrivalBook();
    book.record("a");
    const times = await book.waitFor("a", 1, 1_000);
    expect(times).toHaveLength(1);
  });

  it("waits until every one of `count` target sockets has the event", async () => {
    const book = new ArrivalBook();
    const waiting = book.waitFor("b", 2, 1_000);
    book.record("b");
    book.record("other");
    book.record("b");
    const times = await waiting;
    expect(times).toHaveLength(2);
    expect(book.sweep()).toBe(1);
  });

  it("gives undefined after the timeout and forgets the key", async () => {
    const book = new ArrivalBook();
    expect(await book.waitFor("never", 1, 10)).toBeUndefined();
    expect(book.sweep()).toBe(0);
  });
});
