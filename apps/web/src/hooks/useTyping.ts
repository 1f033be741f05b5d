import { useLiveSubscription } from "@pulse/client/react";
import { useEffect, useMemo, useState } from "react";
import type { TypingState, TypingUser } from "../api-types";
import { createTypingThrottle, TYPING_THROTTLE_MS } from "../lib/typing-throttle";
import { trpc } from "../trpc";
import { useSessionLost } from "./useSessionLost";

/** Tells the thread I am typing a reply: throttled starts while typing, a stop on blur, submit or leaving. */
export function useTypingNotifier(tweetId: string) {
  const utils = trpc.useUtils();
  const throttle = useMemo(() => createTypingThrottle(TYPING_THROTTLE_MS), []);
  const notifier = useMemo(() => {
    // Best effort: a lost start or stop only makes the indicator late; the server expires it anyway.
    const ignore = () => {};
    return {
      typed() {
        if (throttle.typed()) utils.client.typing.start.mutate({ tweetId }).catch(ignore);
      },
      stopped() {
        if (throttle.stopped()) utils.client.typing.stop.mutate({ tweetId }).catch(ignore);
      },
    };
  }, [throttle, utils, tweetId]);
  useEffect(() => () => notifier.stopped(), [notifier]);
  return notifier;
}

/** Who else is typing a reply to the tweet, live. */
export function useTypingUsers(tweetId: string, myUserId: string): TypingUser[] {
  const utils = trpc.useUtils();
  const onSessionLost = useSessionLost();
  const [users, setUsers] = useState<TypingUser[]>([]);
  useLiveSubscription<TypingState>({
    key: `typing:${tweetId}`,
    subscribe: (handlers) => utils.client.typing.onChange.subscribe({ tweetId }, handlers),
    onData: (state) => setUsers(state.users.filter((user) => user.id !== myUserId)),
    onUnauthorized: onSessionLost,
  });
  return users;
}
