import type { ErrorReporter, Listener } from "./bus";
import { decode } from "./codec";

/** Wrapped so that one function subscribed twice counts, and leaves, as two listeners. */
interface Registration {
  readonly listener: Listener;
}

export interface ListenerRegistry {
  /** Returns an idempotent remover. */
  add(channel: string, listener: Listener): () => void;
  has(channel: string): boolean;
  /** Parses `text` once and hands the same object to every listener of `channel`. */
  deliver(channel: string, text: string): void;
  readonly channelCount: number;
  readonly listenerCount: number;
  clear(): void;
}

export function createListenerRegistry(report: ErrorReporter): ListenerRegistry {
  const byChannel = new Map<string, Set<Registration>>();
  let listenerCount = 0;

  return {
    add(channel, listener) {
      const registration: Registration = { listener };
      const registrations = byChannel.get(channel) ?? new Set<Registration>();
      registrations.add(registration);
      byChannel.set(channel, registrations);
      listenerCount++;
      return () => {
        const current = byChannel.get(channel);
        if (!current?.delete(registration)) return;
        listenerCount--;
        if (current.size === 0) byChannel.delete(channel);
      };
    },
    has(channel) {
      return byChannel.has(channel);
    },
    deliver(channel, text) {
      const registrations = byChannel.get(channel);
      if (!registrations) return;
      let message: unknown;
      try {
        message = decode(text);
      } catch (error) {
        report(new Error(`unparsable message on ${channel}`, { cause: error }));
        return;
      }
      // A snapshot: listeners that subscribe or leave while this message is handed out do not change who gets it.
      for (const { listener } of [...registrations]) {
        try {
          listener(message);
        } catch (error) {
          report(error);
        }
      }
    },
    get channelCount() {
      return byChannel.size;
    },
    get listenerCount() {
      return listenerCount;
    },
    clear() {
      byChannel.clear();
      listenerCount = 0;
    },
  };
}
