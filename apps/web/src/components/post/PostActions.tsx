import type { Engagement } from "../../hooks/useEngagement";
import { formatCount } from "../../lib/format";
import { hrefFor } from "../../lib/routes";
import { Icon } from "../common/Icon";
import { EngagementButton } from "./EngagementButton";

type PostActionsProps = { tweetId: string; engagement: Engagement; showReply: boolean };

export function PostActions({ tweetId, engagement, showReply }: PostActionsProps) {
  const { counts, mine, pending, toggle } = engagement;
  return (
    <fieldset className="post-actions" aria-label="Post actions">
      {showReply ? (
        <a className="action action-reply" href={hrefFor({ name: "post", tweetId })}>
          <Icon name="reply" />
          <span className="sr-only">Reply</span>
          <span className="action-count" data-count={counts.replies}>
            {formatCount(counts.replies)}
          </span>
        </a>
      ) : (
        <span className="action action-static">
          <Icon name="reply" />
          <span className="action-count" data-count={counts.replies}>
            {formatCount(counts.replies)}
          </span>
          <span className="sr-only">replies</span>
        </span>
      )}
      <EngagementButton
        label="Retweet"
        tone="retweet"
        icon="repost"
        count={counts.retweets}
        active={mine.retweet ?? false}
        busy={pending.retweet ?? false}
        onToggle={() => toggle("retweet")}
      />
      <EngagementButton
        label="Like"
        tone="like"
        icon="heart"
        count={counts.likes}
        active={mine.like ?? false}
        busy={pending.like ?? false}
        onToggle={() => toggle("like")}
      />
      <EngagementButton
        label="Bookmark"
        tone="bookmark"
        icon="bookmark"
        count={counts.bookmarks}
        active={mine.bookmark ?? false}
        busy={pending.bookmark ?? false}
        onToggle={() => toggle("bookmark")}
      />
    </fieldset>
  );
}
