import type { StreamCursors } from "../live/cursors";
import {
  type LiveSubscriptionOptions,
  type LiveSubscriptionState,
  type SubscriptionHandlers,
  type Unsubscribable,
  useLiveSubscription,
} from "./use-live-subscription";

/** What a persisted stream's `onData` receives: the event id (`tracked()` on the server) and the event. */
export type Tracked<Data> = { id: string; data: Data };

export type TrackedStreamOptions<Data, Name extends string> = {
  /** Where this session keeps its last ids (`createStreamCursors()`, one per signed-in session). */
  cursors: StreamCursors<Name>;
  stream: Name;
  /** Where to start when this session has not seen the stream yet; null: from now; undefined: not ready to start. */
  startAfter: string | null | undefined;
  /** `(lastEventId, handlers) => utils.client.notification.onNew.subscribe({ lastEventId }, handlers)`. */
  subscribe: (lastEventId: string | null, handlers: SubscriptionHandlers<Tracked<Data>>) => Unsubscribable;
  onData: (data: Data) => void;
} & Pick<LiveSubscriptionOptions<Tracked<Data>>, "onUnauthorized">;

/**
 * A persisted stream (`notification.onNew`, `feed.onNew`, `match.onResult`): it starts after the last id this session
 * saw, or after `startAfter` the first time, so neither a resubscribe nor a reconnect loses or repeats an event.
 */
export function useTrackedStream<Data, Name extends string = string>(
  options: TrackedStreamOptions<Data, Name>,
): LiveSubscriptionState {
  const { cursors, stream } = options;
  return useLiveSubscription<Tracked<Data>>({
    key: options.startAfter === undefined && cursors.get(stream) === null ? null : stream,
    subscribe: (handlers) => options.subscribe(cursors.get(stream) ?? options.startAfter ?? null, handlers),
    onData: (value) => {
      cursors.set(stream, value.id);
      options.onData(value.data);
    },
    onUnauthorized: options.onUnauthorized,
  });
}
