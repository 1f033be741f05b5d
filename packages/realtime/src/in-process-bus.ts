import {
  type BusOptions,
  type BusSubscription,
  type EventBus,
  EventBusClosedError,
  type Listener,
  safeReporter,
} from "./bus";
import type { Channel } from "./channel";
import { encode } from "./codec";
import { createListenerRegistry } from "./listener-registry";

/** The bus of a single process (no REDIS_URL): nothing can be missed, so `onResync` never fires. */
export function createInProcessBus(options: BusOptions = {}): EventBus {
  const registry = createListenerRegistry(safeReporter(options.onError));
  let closed = false;

  // Nothing to acknowledge: live from the moment the listener is registered.
  const listen = <Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription => {
    if (closed) throw new EventBusClosedError();
    const remove = registry.add(channel, listener);
    return { isLive: true, live: Promise.resolve(), unsubscribe: async () => remove() };
  };

  return {
    async publish(channel, message) {
      if (closed) throw new EventBusClosedError();
      const text = encode(message);
      // Delivered later, as from Redis: a listener never runs inside the publisher's call stack.
      queueMicrotask(() => registry.deliver(channel.name, text));
    },
    async subscribe(channel, listener) {
      return listen(channel, listener).unsubscribe;
    },
    listen,
    onResync() {
      return () => {};
    },
    subscriberConnected: true,
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
