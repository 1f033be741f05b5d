/**
 * An unbounded FIFO that a bus listener pushes into and one subscription drains with `for await`; iteration ends
 * when the signal aborts. Replaces `events.on()`, which allocates two 2 048-slot queues (~35 KiB) per call — per
 * open subscription, that dominated a connection's memory. Bounding the backlog is the transport's job (slow
 * consumers are closed with 4005 and resume by lastEventId).
 */
export class Inbox<Item> implements AsyncIterable<Item> {
  #items: Item[] = [];
  #wake: (() => void) | undefined;

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener("abort", () => this.#wake?.(), { once: true });
  }

  push(item: Item): void {
    this.#items.push(item);
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    for (;;) {
      if (this.signal?.aborted) return;
      const next = this.#items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
