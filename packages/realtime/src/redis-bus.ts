import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  type BusOptions,
  type BusSubscription,
  type EventBus,
  EventBusClosedError,
  type Listener,
  safeReporter,
} from "./bus";
import type { Channel } from "./channel";
import { createClosedSignal } from "./closed-signal";
import { encode } from "./codec";
import { createKeyedSerial } from "./keyed-serial";
import { createListenerRegistry } from "./listener-registry";
import { stamp, stampIndex, stampTime, unstamped } from "./publish-stamp";
import { closeConnection, publisherOptions, reportConnectionLoss, subscriberOptions } from "./redis-connections";

/**
 * Where a bus tells every other instance to re-read the database: a PUBLISH it had to refuse rang for nobody, on any
 * instance. Reserved: never a listener's channel (channels.ts names all of those `pulse:…` with other prefixes).
 */
export const RESYNC_CHANNEL = "pulse:bus:resync";

export interface RedisBusOptions extends BusOptions {
  url: string;
  /** Upper bound for one PUBLISH (a half-open socket gives no error). Default 2 000 ms. */
  publishTimeoutMs?: number;
  /** How long close() lets QUIT take before it drops the sockets. Default 1 000 ms. */
  closeTimeoutMs?: number;
}

/**
 * One publisher and one subscriber connection per bus. Resolves once both are connected; rejects when Redis
 * cannot be reached at all, so a wrong REDIS_URL fails at start-up rather than at the first request.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<EventBus> {
  const report = safeReporter(options.onError);
  const closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
  const publisher = new Redis(options.url, publisherOptions(options.publishTimeoutMs ?? 2_000));
  const subscriber = new Redis(options.url, subscriberOptions());
  const registry = createListenerRegistry(report);
  const serial = createKeyedSerial();
  const closedSignal = createClosedSignal();
  const whileOpen = closedSignal.whileOpen;
  /** Channels Redis has acknowledged for the subscriber connection. */
  const subscribed = new Set<string>();
  const resyncListeners = new Set<() => void>();
  let closing: Promise<void> | undefined;
  let subscriberReadyCount = 0;
  let reconnects = 0;

  const reportWhileOpen = (error: unknown) => {
    if (!closing) report(error);
  };
  publisher.on("error", reportWhileOpen);
  subscriber.on("error", reportWhileOpen);
  reportConnectionLoss(publisher, "publisher", reportWhileOpen);
  reportConnectionLoss(subscriber, "subscriber", reportWhileOpen);
  const metrics = options.metrics;
  /** This bus's name on RESYNC_CHANNEL, so it does not answer its own call (it resyncs locally anyway). */
  const instanceId = randomUUID();
  subscriber.on("message", (channel: string, text: string) => {
    if (channel === RESYNC_CHANNEL) {
      if (text !== instanceId && !closing) notifyResync();
      return;
    }
    const stampAt = stampIndex(text);
    if (stampAt < 0) return registry.deliver(channel, text);
    const publishedAt = stampTime(text, stampAt);
    if (metrics && Number.isFinite(publishedAt)) metrics.pubSubLag((Date.now() - publishedAt) / 1000);
    registry.deliver(channel, unstamped(text, stampAt));
  });
  subscriber.on("ready", () => {
    subscriberReadyCount++;
    if (subscriberReadyCount <= 1) return;
    metrics?.subscriberReconnected();
    void resync();
  });
  // The two connections come back independently: a PUBLISH refused while only the publisher was away (the
  // subscriber already back and resynced) rang for nobody — on this instance or any other. When the publisher is
  // back, this instance's subscribers re-read the database and it asks every other instance to do the same; if that
  // call is refused too, the next reconnect repeats it.
  let publishFailedWhileAway = false;
  publisher.on("ready", () => {
    if (!publishFailedWhileAway) return;
    publishFailedWhileAway = false;
    void resync();
    publisher.publish(RESYNC_CHANNEL, instanceId).catch((error: unknown) => {
      publishFailedWhileAway = true;
      reportWhileOpen(error);
    });
  });

  let connectError: unknown;
  const recordConnectError = (error: unknown) => {
    connectError ??= error;
  };
  publisher.once("error", recordConnectError);
  subscriber.once("error", recordConnectError);
  const connected = await Promise.allSettled([publisher.connect(), subscriber.connect()]);
  publisher.off("error", recordConnectError);
  subscriber.off("error", recordConnectError);
  const failure =
    connected.find((result) => result.status === "rejected") ??
    (await subscriber.subscribe(RESYNC_CHANNEL).then(
      () => undefined,
      (reason: unknown) => ({ status: "rejected" as const, reason }),
    ));
  if (failure) {
    // Silences the reports of the connections being dropped here.
    closing = Promise.resolve();
    publisher.disconnect();
    subscriber.disconnect();
    // connect() only says "Connection is closed."; the "error" event says why (ECONNREFUSED, auth, DNS…).
    const cause = connectError ?? failure.reason;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`could not connect to Redis: ${reason}`, { cause });
  }

  /** Brings Redis in line with the local listeners of `channel`; serialized per channel, so the last call wins. */
  function sync(channel: string): Promise<void> {
    return serial.run(channel, async () => {
      if (closing) throw new EventBusClosedError();
      const wanted = registry.has(channel);
      if (wanted === subscribed.has(channel)) return;
      if (wanted) {
        await whileOpen(subscriber.subscribe(channel));
        subscribed.add(channel);
      } else {
        await whileOpen(subscriber.unsubscribe(channel));
        subscribed.delete(channel);
      }
    });
  }

  function listen<Message>(channel: Channel<Message>, listener: Listener<Message>): BusSubscription {
    if (closing) throw new EventBusClosedError();
    const name = channel.name;
    // Held and not being changed: from the next message on, delivered (or, across an outage, resynced).
    let isLive = subscribed.has(name) && !serial.isPending(name);
    const remove = registry.add(channel, listener);
    const live = sync(name).then(
      () => {
        isLive = true;
      },
      (error: unknown) => {
        remove();
        sync(name).catch(reportWhileOpen);
        throw error;
      },
    );
    // Observed by whoever needs it; a caller that only wants the listener must not see an unhandled rejection.
    live.catch(() => {});
    let unsubscribed: Promise<void> | undefined;
    return {
      get isLive() {
        return isLive;
      },
      live,
      unsubscribe() {
        unsubscribed ??= (async () => {
          remove();
          // The listener is gone locally whatever Redis says; a failed UNSUBSCRIBE is reported, not thrown at cleanup.
          if (!closing) await sync(name).catch(reportWhileOpen);
        })();
        return unsubscribed;
      },
    };
  }

  async function resync(): Promise<void> {
    const reconnect = ++reconnects;
    try {
      // ioredis writes the re-SUBSCRIBE of every channel before it emits "ready" (status events go out on the next
      // tick), so this PING is answered only after Redis has acknowledged them all.
      await whileOpen(subscriber.ping());
    } catch (error) {
      reportWhileOpen(error);
      return;
    }
    // A newer reconnect will resync again; firing twice for one outage would only repeat the database reads.
    if (closing || reconnect !== reconnects) return;
    notifyResync();
  }

  function notifyResync(): void {
    for (const listener of [...resyncListeners]) {
      try {
        listener();
      } catch (error) {
        report(error);
      }
    }
  }

  return {
    async publish(channel, message) {
      if (closing) throw new EventBusClosedError();
      const text = stamp(encode(message), Date.now());
      try {
        await publisher.publish(channel.name, text);
      } catch (error) {
        publishFailedWhileAway = true;
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`publish to ${channel.name} failed: ${reason}`, { cause: error });
      }
    },
    async subscribe(channel, listener) {
      const subscription = listen(channel, listener);
      await subscription.live;
      return subscription.unsubscribe;
    },
    listen,
    onResync(listener) {
      const registration = () => listener();
      resyncListeners.add(registration);
      return () => {
        resyncListeners.delete(registration);
      };
    },
    get subscriberConnected() {
      return subscriber.status === "ready";
    },
    get localChannelCount() {
      return registry.channelCount;
    },
    get localListenerCount() {
      return registry.listenerCount;
    },
    close() {
      closing ??= (async () => {
        closedSignal.close();
        registry.clear();
        resyncListeners.clear();
        await Promise.all([closeConnection(publisher, closeTimeoutMs), closeConnection(subscriber, closeTimeoutMs)]);
      })();
      return closing;
    },
  };
}
