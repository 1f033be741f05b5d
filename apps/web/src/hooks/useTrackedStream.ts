import type { StreamName } from "../live/cursors";
import { useLive } from "../live/session";
import { type SubscriptionHandlers, type Unsubscribable, useLiveSubscription } from "./useLiveSubscription";

type Tracked<Data> = { id: string; data: Data };

/**
 * A persisted stream (tracked events with a per-stream id): it starts after the last id this session saw,
 * or after `startAfter` the first time, so neither a resubscribe nor a reconnect loses or repeats an event.
 */
export function useTrackedStream<Data>(options: {
  stream: StreamName;
  /** Where to start when this session has not seen the stream yet; undefined: not ready to start. */
  startAfter: string | null | undefined;
  subscribe: (lastEventId: string | null, handlers: SubscriptionHandlers<Tracked<Data>>) => Unsubscribable;
  onData: (data: Data) => void;
}) {
  const { cursors } = useLive();
  return useLiveSubscription<Tracked<Data>>({
    key: options.startAfter === undefined && cursors.get(options.stream) === null ? null : options.stream,
    subscribe: (handlers) => options.subscribe(cursors.get(options.stream) ?? options.startAfter ?? null, handlers),
    onData: (value) => {
      cursors.set(options.stream, value.id);
      options.onData(value.data);
    },
  });
}
