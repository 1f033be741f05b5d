import { memo, useId, useRef, useState } from "react";
import type { Tweet } from "../../api-types";
import { useEngagement } from "../../hooks/useEngagement";
import { useInView } from "../../hooks/useInView";
import { hrefFor } from "../../lib/routes";
import { describeReposters, isSending, type RepostedBy } from "../../live/feed";
import { trpc } from "../../trpc";
import { Icon } from "../common/Icon";
import { RelativeTime } from "../common/RelativeTime";
import { UserLink } from "../common/UserLink";
import { DeletePostButton } from "./DeletePostButton";
import { PostActions } from "./PostActions";
import { PostText } from "./PostText";

type PostCardProps = {
  tweet: Tweet;
  /** The focused post of a thread: larger text, no link to itself. */
  focused?: boolean;
  /** Who reposted it into my feed, when it came through reposts. */
  repostedBy?: RepostedBy | undefined;
};

/**
 * Memoized: a live update patches one post in the cache, and structural sharing keeps every other post the same
 * object, so only the changed card renders again.
 */
export const PostCard = memo(function PostCard(props: PostCardProps) {
  // The optimistic placeholder of my post on its way: no thread link, no actions, no live counts yet.
  if (isSending(props.tweet)) return <SendingPostCard tweet={props.tweet} />;
  if (props.tweet.deleted) return <DeletedPostCard />;
  return <PublishedPostCard {...props} />;
});

/** Where a deleted post was in a thread: its replies stay below it. Says nothing of what it said or who wrote it. */
function DeletedPostCard() {
  return (
    <article className="post post-deleted" aria-label="Deleted post" data-deleted="true">
      <p className="muted">This post was deleted by its author.</p>
    </article>
  );
}

function SendingPostCard({ tweet }: { tweet: Tweet }) {
  const titleId = useId();
  return (
    <article className="post post-sending" aria-labelledby={titleId} aria-busy="true" data-sending="true">
      <header className="post-header">
        <h3 id={titleId} className="post-author">
          <UserLink user={tweet.author} />
        </h3>
        <span className="post-time muted">Sending…</span>
      </header>
      <PostText content={tweet.content} className="post-text" />
    </article>
  );
}

function PublishedPostCard({ tweet, focused = false, repostedBy: reposted }: PostCardProps) {
  const ref = useRef<HTMLElement>(null);
  const visible = useInView(ref);
  const engagement = useEngagement(tweet, visible);
  const titleId = useId();
  const mine = trpc.useUtils().auth.me.getData()?.id === tweet.author.id;
  const [deleteError, setDeleteError] = useState<string | null>(null);

  return (
    <article
      ref={ref}
      className={focused ? "post post-focused" : "post"}
      aria-labelledby={titleId}
      data-tweet-id={tweet.id}
      tabIndex={-1}
    >
      <header className="post-header">
        <h3 id={titleId} className="post-author">
          <UserLink user={tweet.author} />
        </h3>
        {focused ? (
          <RelativeTime iso={tweet.createdAt} />
        ) : (
          <a className="post-time" href={hrefFor({ name: "post", tweetId: tweet.id })}>
            <span className="sr-only">Open the thread of this post from </span>
            <RelativeTime iso={tweet.createdAt} />
          </a>
        )}
      </header>
      {reposted && !focused && (
        <p className="post-context" data-testid="reposted-by">
          <Icon name="repost" /> Reposted by {describeReposters(reposted)}
        </p>
      )}
      {tweet.replyToId && !focused && (
        <p className="post-context">
          <a href={hrefFor({ name: "post", tweetId: tweet.replyToId })}>Replying to a post</a>
        </p>
      )}
      <PostText content={tweet.content} className={focused ? "post-text post-text-large" : "post-text"} />
      <PostActions tweetId={tweet.id} engagement={engagement} showReply={!focused} />
      {mine && <DeletePostButton tweetId={tweet.id} onError={setDeleteError} />}
      <div className="post-error" aria-live="polite">
        {engagement.error && <p>{engagement.error}</p>}
        {deleteError && <p>{deleteError}</p>}
      </div>
    </article>
  );
}
