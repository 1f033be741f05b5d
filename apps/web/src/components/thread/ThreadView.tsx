import { useEffect, useRef } from "react";
import type { User } from "../../api-types";
import { hrefFor } from "../../lib/routes";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";
import { FeedList } from "../home/FeedList";
import { PostCard } from "../post/PostCard";
import { ReplyBox } from "./ReplyBox";

/** A post with its ancestors above and every reply below; new replies appear as the reply count moves. */
export function ThreadView({ tweetId, user }: { tweetId: string; user: User }) {
  const thread = trpc.tweet.thread.useQuery({ tweetId });
  const utils = trpc.useUtils();
  // The focused post's card subscribes to its counts, which land in this query's cache.
  const replyCount = thread.data?.tweet.counts.replies;
  useRefetchWhenRepliesChange(replyCount, () => void utils.tweet.thread.invalidate({ tweetId }));

  return (
    <section className="view" aria-labelledby="view-title">
      <p className="back-link">
        <a href={hrefFor({ name: "home" })}>← Back to your feed</a>
      </p>
      <ViewHeading>Thread</ViewHeading>
      {thread.isPending ? (
        <LoadingState label="Loading the thread…" />
      ) : thread.isError ? (
        <ErrorNotice
          title="This thread could not be loaded"
          error={thread.error}
          retrying={thread.isFetching}
          onRetry={() => void thread.refetch()}
        />
      ) : (
        <>
          {/* Posts carry h3 titles: keeps the outline h1 → h2 → h3. */}
          <h2 className="sr-only">The post</h2>
          {thread.data.ancestors.length > 0 && (
            <FeedList tweets={thread.data.ancestors} label="Earlier in the thread" />
          )}
          <PostCard tweet={thread.data.tweet} focused />
          {!thread.data.tweet.deleted && (
            <ReplyBox
              tweet={thread.data.tweet}
              myUserId={user.id}
              onReplied={() => void utils.tweet.thread.invalidate({ tweetId })}
            />
          )}
          <h2 className="section-title">Replies</h2>
          {thread.data.replies.length === 0 ? (
            <EmptyState title="No replies yet">
              <p className="muted">Be the first to reply.</p>
            </EmptyState>
          ) : (
            <FeedList tweets={thread.data.replies} label="Replies" />
          )}
        </>
      )}
    </section>
  );
}

/** The focused post's live reply count moved (someone replied): fetch the thread again. */
function useRefetchWhenRepliesChange(replies: number | undefined, refetch: () => void) {
  const previous = useRef(replies);
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (previous.current !== undefined && replies !== undefined && previous.current !== replies) latest.current();
    previous.current = replies;
  }, [replies]);
}
