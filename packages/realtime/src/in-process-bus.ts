import { type BusOptions, type EventBus, EventBusClosedError, safeReporter } from "./bus";
import { encode } from "./codec";
import { createListenerRegistry } from "./listener-registry";

/** The bus of a single process (no REDIS_URL): nothing can be missed, so `onResync` never fires. */
export function createInProcessBus(options: BusOptions = {}): EventBus {
  const registry = createListenerRegistry(safeReporter(options.onError));
  let closed = false;

  return {
    async publish(channel, message) {
      if (closed) throw new EventBusClosedError();
      const text = encode(message);
      // Delivered later, as from Redis: a listener never runs inside the publisher's call stack.
      queueMicrotask(() => registry.deliver(channel, text));
    },
    async subscribe(channel, listener) {
      if (closed) throw new EventBusClosedError();
      const remove = registry.add(channel, listener);
      return async () => remove();
    },
    onResync() {
      return () => {};
    },
    get localChannelCount() {
      return registry.channelCount;
    },
    get localListenerCount() {
      return registry.listenerCount;
    },
    async close() {
      closed = true;
      registry.clear();
    },
  };
}
