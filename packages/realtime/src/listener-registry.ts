import type { ErrorReporter, Listener } from "./bus";
import type { Channel } from "./channel";
import { decode } from "./codec";

/** One listener of one channel; each registration is its own, so a function subscribed twice leaves twice. */
interface Registration {
  /** Hands the decoded message to the listener if the channel's schema accepts it; else returns the schema's error. */
  receive(decoded: unknown): Error | undefined;
}

export interface ListenerRegistry {
  /** Returns an idempotent remover. */
  add<Message>(channel: Channel<Message>, listener: Listener<Message>): () => void;
  has(channelName: string): boolean;
  /** Parses `text` once, checks it against the channel's schema once, and hands the result to every listener. */
  deliver(channelName: string, text: string): void;
  readonly channelCount: number;
  readonly listenerCount: number;
  clear(): void;
}

export function createListenerRegistry(report: ErrorReporter): ListenerRegistry {
  const byChannel = new Map<string, Set<Registration>>();
  let listenerCount = 0;

  return {
    add(channel, listener) {
      const registration: Registration = {
        receive(decoded) {
          const parsed = channel.parse(decoded);
          if (!parsed.ok) return parsed.error;
          listener(parsed.message);
          return undefined;
        },
      };
      const registrations = byChannel.get(channel.name) ?? new Set<Registration>();
      registrations.add(registration);
      byChannel.set(channel.name, registrations);
      listenerCount++;
      return () => {
        const current = byChannel.get(channel.name);
        if (!current?.delete(registration)) return;
        listenerCount--;
        if (current.size === 0) byChannel.delete(channel.name);
      };
    },
    has(channelName) {
      return byChannel.has(channelName);
    },
    deliver(channelName, text) {
      const registrations = byChannel.get(channelName);
      if (!registrations) return;
      let decoded: unknown;
      try {
        decoded = decode(text);
      } catch (error) {
        report(new Error(`unparsable message on ${channelName}`, { cause: error }));
        return;
      }
      let rejected: Error | undefined;
      // A snapshot: listeners that subscribe or leave while this message is handed out do not change who gets it.
      for (const registration of [...registrations]) {
        try {
          rejected ??= registration.receive(decoded);
        } catch (error) {
          report(error);
        }
      }
      // Reported once per message, however many listeners dropped it.
      if (rejected) report(new Error(`malformed message on ${channelName} dropped`, { cause: rejected }));
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
