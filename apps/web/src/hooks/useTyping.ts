import { useEffect, useMemo, useState } from "react";
import type { TypingUser } from "../api-types";
import { createTypingThrottle, TYPING_THROTTLE_MS } from "../lib/typing-throttle";
import { trpc } from "../trpc";
import { useStreamRestart } from "./useStreamRestart";

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
  const [users, setUsers] = useState<TypingUser[]>([]);
  const stream = trpc.typing.onChange.useSubscription(
    { tweetId },
    { onData: (state) => setUsers(state.users.filter((user) => user.id !== myUserId)) },
  );
  useStreamRestart(stream);
  return users;
}
