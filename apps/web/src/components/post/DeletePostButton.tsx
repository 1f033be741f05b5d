import { useState } from "react";
import { describeError } from "../../errors";
import { FEED_PAGE } from "../../hooks/queries";
import { withoutTweet } from "../../live/feed";
import { trpc } from "../../trpc";

/**
 * Deletes my own post after a confirmation. The post leaves my feed at once; followers' feeds hear it from their
 * stream; the thread, profile and bookmark lists showing it are fetched again.
 */
export function DeletePostButton({ tweetId, onError }: { tweetId: string; onError: (message: string | null) => void }) {
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const remove = trpc.tweet.delete.useMutation({
    onMutate: () => onError(null),
    onSuccess: () => {
      utils.feed.list.setInfiniteData({ limit: FEED_PAGE }, (data) => data && withoutTweet(data, tweetId));
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
