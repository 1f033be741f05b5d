import { useLiveSubscription, useSlot } from "@pulse/client/react";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { EngagementCounts, EngagementResult, Tweet } from "../api-types";
import { describeError } from "../errors";
import type { EngagementKind, EngagementView } from "../live/engagement";
import { useLive } from "../live/session";
import { trpc } from "../trpc";
import { useOnReconnect } from "./useOnReconnect";
import { useSessionLost } from "./useSessionLost";

const verbs: Record<EngagementKind, [on: string, off: string]> = {
  like: ["like", "unlike"],
  retweet: ["retweet", "undo the retweet of"],
  bookmark: ["bookmark", "remove the bookmark of"],
};

export type Engagement = EngagementView & {
  toggle(kind: EngagementKind): void;
  error: string | null;
};

/**
 * A tweet's live counts and my engagement with it. Counts stream in (`engagement.onUpdate`) only while the card
 * is visible and holds one of the session's engagement slots; toggles are optimistic and roll back on failure.
 */
export function useEngagement(tweet: Tweet, visible: boolean): Engagement {
  const live = useLive();
  const utils = trpc.useUtils();
  const onSessionLost = useSessionLost();
  const [error, setError] = useState<string | null>(null);
  // "Could not like this post" is stale once Pulse is reachable again: the button works as the retry.
  useOnReconnect(() => setError(null));
  const subscribe = useCallback(
    (listener: () => void) => live.engagement.subscribe(tweet.id, listener),
    [live, tweet.id],
  );
  const getView = useCallback(() => live.engagement.view(tweet.id, tweet.counts), [live, tweet.id, tweet.counts]);
  const view = useSyncExternalStore(subscribe, getView, getView);
  const hasSlot = useSlot(live.engagementSlots, visible);
  // Which buttons start pressed: one batched request for all cards rendered together.
  const mine = trpc.engagement.mine.useQuery({ tweetIds: [tweet.id] }, { staleTime: Number.POSITIVE_INFINITY });
  const serverMine = mine.data?.[0];
  useEffect(() => {
    if (serverMine) {
      const { like, retweet, bookmark } = serverMine;
      live.engagement.applyMine(tweet.id, { like, retweet, bookmark });
    }
  }, [live, tweet.id, serverMine]);

  useLiveSubscription<EngagementCounts>({
    key: hasSlot ? `engagement:${tweet.id}` : null,
    subscribe: (handlers) => utils.client.engagement.onUpdate.subscribe({ tweetId: tweet.id }, handlers),
    onData: (counts) => live.engagement.applyCounts(counts),
    onUnauthorized: onSessionLost,
  });

  const toggle = useCallback(
    (kind: EngagementKind) => {
      const on = !(live.engagement.view(tweet.id, tweet.counts).mine[kind] ?? false);
      const id = live.engagement.begin(tweet.id, kind, on, tweet.counts);
      if (id === null) return;
      setError(null);
      const input = { tweetId: tweet.id };
      const { engagement } = utils.client;
      const calls: Record<EngagementKind, () => Promise<EngagementResult>> = {
        like: () => (on ? engagement.like.mutate(input) : engagement.unlike.mutate(input)),
        retweet: () => (on ? engagement.retweet.mutate(input) : engagement.unretweet.mutate(input)),
        bookmark: () => (on ? engagement.bookmark.mutate(input) : engagement.unbookmark.mutate(input)),
      };
      calls[kind]().then(
        (result) => live.engagement.settle(tweet.id, id, result),
        (failure: unknown) => {
          live.engagement.fail(tweet.id, id);
          setError(`Could not ${verbs[kind][on ? 0 : 1]} this post. ${describeError(failure)}`);
        },
      );
    },
    [live, utils, tweet.id, tweet.counts],
  );

  return { ...view, toggle, error };
}
