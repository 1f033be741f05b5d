import { describe, expect, it } from "vitest";
import { Inbox } from "./inbox";

describe("Inbox", () => {
  it("yields pushed items in order, waits for more, and ends when the signal aborts", async () => {
    const controller = new AbortController();
    const inbox = new Inbox<number>(controller.signal);
    inbox.push(1);
    inbox.push(2);
    const seen: number[] = [];
    const draining = (async () => {
      for await (const item of inbox) seen.push(item);
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    inbox.push(3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([1, 2, 3]);
    controller.abort();
    await draining;
    inbox.push(4);
    expect(seen).toEqual([1, 2, 3]);
  });
});
