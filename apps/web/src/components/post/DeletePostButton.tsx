import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../errors";
import { markTweetDeleted } from "../../hooks/tweetCache";
import { trpc } from "../../trpc";

/**
 * Deletes my own post after a confirmation. Every cached copy changes at once (a tombstone in threads, gone from
 * lists); followers' feeds hear it from their stream, screens showing it from its engagement stream; the thread,
 * profile and bookmark lists are fetched again.
 */
export function DeletePostButton({ tweetId, onError }: { tweetId: string; onError: (message: string | null) => void }) {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = trpc.tweet.delete.useMutation({
    onMutate: () => onError(null),
    onSuccess: () => {
      // At once in every cached copy (as other people's screens do when its engagement stream says deleted).
      markTweetDeleted(queryClient, tweetId);
      void utils.tweet.thread.invalidate();
      void utils.tweet.byUser.invalidate();
      void utils.engagement.bookmarks.invalidate();
    },
    onError: (error) => {
      setConfirming(false);
      onError(`Could not delete this post. ${describeError(error)}`);
    },
  });
  if (!confirming) {
    return (
      <button type="button" className="action action-delete" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <fieldset className="post-confirm">
      <legend>Delete this post?</legend>
      <button
        type="button"
        className="action action-delete"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ tweetId })}
      >
        {remove.isPending ? "Deleting…" : "Yes, delete"}
      </button>
      <button type="button" className="action" disabled={remove.isPending} onClick={() => setConfirming(false)}>
        Keep it
      </button>
    </fieldset>
  );
}
