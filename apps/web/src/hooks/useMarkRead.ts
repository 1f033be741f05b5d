import { useCallback, useState } from "react";
import { describeError } from "../errors";
import { useLive } from "../live/session";
import { trpc } from "../trpc";

/** Marks notifications read at once on screen, then on the server; a failure puts them back and says why. */
export function useMarkRead() {
  const live = useLive();
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    (optimistic: () => void, call: () => Promise<unknown>) => {
      const { readIds, readUpToSeq } = live.notifications.get();
      setError(null);
      optimistic();
      call().catch((failure: unknown) => {
        // Only the marks go back: what the stream delivered meanwhile (new items, retractions) stays.
        live.notifications.set((state) => ({ ...state, readIds, readUpToSeq }));
        setError(`Could not mark as read. ${describeError(failure)}`);
      });
    },
    [live],
  );

  const markRead = useCallback(
    (ids: string[]) => {
      if (ids.length === 0) return;
      run(
        () => live.notifications.markRead(ids),
        () => utils.client.notification.markRead.mutate({ ids }),
      );
    },
    [live, run, utils],
  );

  const markAllRead = useCallback(
    (upToSeq: number) =>
      run(
        () => live.notifications.markAllRead(upToSeq),
        () => utils.client.notification.markRead.mutate({ all: true }),
      ),
    [live, run, utils],
  );

  return { markRead, markAllRead, error };
}
