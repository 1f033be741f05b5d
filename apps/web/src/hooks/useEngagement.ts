import { useSlot } from "@pulse/client/react";
import { type QueryClient, useMutation, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { EngagementCounts, EngagementResult, Tweet } from "../api-types";
import { describeError } from "../errors";
import { type Counts, type EngagementKind, shiftCount, withPending } from "../live/engagement";
import { useLive } from "../live/session";
import { trpc } from "../trpc";
import { markTweetDeleted, updateTweetCounts } from "./tweetCache";
import { useOnReconnect } from "./useOnReconnect";
import { useStreamRestart } from "./useStreamRestart";

const verbs: Record<EngagementKind, [on: string, off: string]> = {
  like: ["like", "unlike"],
  retweet: ["retweet", "undo the retweet of"],
  bookmark: ["bookmark", "remove the bookmark of"],
};

export type EngagementView = {
  counts: Counts;
  mine: Partial<Record<EngagementKind, boolean>>;
  pending: Partial<Record<EngagementKind, boolean>>;
};

export type Engagement = EngagementView & {
  toggle(kind: EngagementKind): void;
  error: string | null;
};

type Toggle = { kind: EngagementKind; on: boolean };
/** What an optimistic toggle changed: the one count's delta, and my flag as it was (undefined: not known yet). */
type ToggleContext = Toggle & { delta: number; wasOn: boolean | undefined };

const kinds: readonly string[] = ["like", "retweet", "bookmark"] satisfies EngagementKind[];
const isKind = (value: unknown): value is EngagementKind => typeof value === "string" && kinds.includes(value);

/** The mutation cache types variables as unknown: this reads back what `toggle` passed. */
function isToggle(value: unknown): value is Toggle {
  return typeof value === "object" && value !== null && "kind" in value && isKind(value.kind);
}

/** …and contexts: this reads back the shape `onMutate` returned. */
function isToggleContext(value: unknown): value is ToggleContext {
  return isToggle(value) && "delta" in value && typeof value.delta === "number";
}

const mutationKey = (tweetId: string) => ["pulse", "engagement", tweetId];

/** The count changes of my toggles of this post still in flight (read from React Query's mutation cache). */
function pendingDeltas(queryClient: QueryClient, tweetId: string, except?: ToggleContext) {
  return queryClient
    .getMutationCache()
    .findAll({ mutationKey: mutationKey(tweetId), status: "pending" })
    .map((mutation) => mutation.state.context)
    .filter(isToggleContext)
    .filter((context) => context !== except);
}

/**
 * A post's live counts and my engagement with it, all in the query cache: the counts are those of the cached post
 * (`engagement.onUpdate` patches every cached copy while the card is visible and holds one of the session's
 * subscription slots); my likes/retweets/bookmarks are the `engagement.mine` query. A toggle is a mutation whose
 * `onMutate` moves one count and one flag, and whose `onError` moves back exactly those.
 */
export function useEngagement(tweet: Tweet, visible: boolean): Engagement {
  const live = useLive();
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const tweetId = tweet.id;
  const [error, setError] = useState<string | null>(null);
  // "Could not like this post" is stale once Pulse is reachable again: the button works as the retry.
  useOnReconnect(() => setError(null));
  // The server allows 50 subscriptions a socket: only cards in view subscribe, at most 20 at once.
  const hasSlot = useSlot(live.engagementSlots, visible);
  // Which buttons start pressed: one batched request for all cards rendered together.
  const mineInput = { tweetIds: [tweetId] };
  const serverMine = trpc.engagement.mine.useQuery(mineInput, { staleTime: Number.POSITIVE_INFINITY }).data?.[0];

  const subscription = trpc.engagement.onUpdate.useSubscription(
    { tweetId },
    {
      enabled: hasSlot,
      // The server's totals, plus my changes it has not confirmed yet (so a like in flight does not flicker away);
      // once the author deleted the post, its tombstone wherever it is cached (this card then unsubscribes).
      onData: ({ deleted, ...counts }) =>
        deleted
          ? markTweetDeleted(queryClient, tweetId)
          : updateTweetCounts(queryClient, tweetId, () => withPending(counts, pendingDeltas(queryClient, tweetId))),
    },
  );
  useStreamRestart(subscription);

  const setMine = useCallback(
    (kind: EngagementKind, on: boolean | undefined) =>
      utils.engagement.mine.setData({ tweetIds: [tweetId] }, (current) => {
        const flags = current?.[0] ?? { tweetId, like: false, retweet: false, bookmark: false };
        return [{ ...flags, [kind]: on ?? false }];
      }),
    [utils, tweetId],
  );

  const mutation = useMutation<EngagementResult, unknown, Toggle, ToggleContext>({
    mutationKey: mutationKey(tweetId),
    // Offline, fail at once and say so (the button is the retry) instead of React Query's default of holding the
    // mutation, "pending", until the browser is back online.
    networkMode: "always",
    mutationFn: ({ kind, on }) => {
      const { engagement } = utils.client;
      const input = { tweetId };
      if (kind === "like") return on ? engagement.like.mutate(input) : engagement.unlike.mutate(input);
      if (kind === "retweet") return on ? engagement.retweet.mutate(input) : engagement.unretweet.mutate(input);
      return on ? engagement.bookmark.mutate(input) : engagement.unbookmark.mutate(input);
    },
    onMutate: async ({ kind, on }) => {
      setError(null);
      // A fetch of my flags in flight would overwrite the optimistic one with the state from before.
      await utils.engagement.mine.cancel(mineInput);
      const wasOn = utils.engagement.mine.getData(mineInput)?.[0]?.[kind];
      // Unknown reads as "not active": liking adds one now; the answer corrects it if it was already liked.
      const delta = (wasOn ?? false) === on ? 0 : on ? 1 : -1;
      setMine(kind, on);
      if (delta !== 0) updateTweetCounts(queryClient, tweetId, shiftCount(kind, delta));
      return { kind, on, delta, wasOn };
    },
    onSuccess: (result, { kind }, context) => {
      setMine(kind, result.active);
      // The answer's totals are the newest committed ones; other toggles of this post still in flight stay on top.
      const counts: EngagementCounts = result.counts;
      updateTweetCounts(queryClient, tweetId, () => withPending(counts, pendingDeltas(queryClient, tweetId, context)));
    },
    onError: (failure, { kind, on }, context) => {
      if (context) {
        // Only this toggle goes back: the flag, and its one count (live totals that arrived meanwhile stay).
        setMine(kind, context.wasOn);
        if (context.delta !== 0) updateTweetCounts(queryClient, tweetId, shiftCount(kind, -context.delta));
      }
      setError(`Could not ${verbs[kind][on ? 0 : 1]} this post. ${describeError(failure)}`);
    },
    onSettled: (_result, _error, { kind }) => {
      if (kind === "bookmark") void utils.engagement.bookmarks.invalidate();
    },
  });

  // Variables are there from the start of a mutation (its context only once onMutate is done).
  const pendingToggles = useMutationState({
    filters: { mutationKey: mutationKey(tweetId), status: "pending" },
    select: (pendingMutation) => pendingMutation.state.variables,
  }).filter(isToggle);
  const pending: EngagementView["pending"] = {};
  for (const { kind } of pendingToggles) pending[kind] = true;
  const mine: EngagementView["mine"] = serverMine
    ? { like: serverMine.like, retweet: serverMine.retweet, bookmark: serverMine.bookmark }
    : {};

  const { mutate } = mutation;
  const toggle = useCallback(
    (kind: EngagementKind) => {
      // One change of a kind at a time: a second click while it is on its way is ignored.
      const inFlight = queryClient
        .getMutationCache()
        .findAll({ mutationKey: mutationKey(tweetId), status: "pending" })
        .some(
          (pendingMutation) =>
            isToggle(pendingMutation.state.variables) && pendingMutation.state.variables.kind === kind,
        );
      if (inFlight) return;
      const on = !(utils.engagement.mine.getData({ tweetIds: [tweetId] })?.[0]?.[kind] ?? false);
      mutate({ kind, on });
    },
    [queryClient, utils, tweetId, mutate],
  );

  const { likes, replies, retweets, bookmarks } = tweet.counts;
  return { counts: { likes, replies, retweets, bookmarks }, mine, pending, toggle, error };
}
