import type { Ref } from "react";
import type { Tweet } from "../../api-types";
import { PostCard } from "../post/PostCard";

type FeedListProps = { tweets: readonly Tweet[]; label: string; ref?: Ref<HTMLUListElement> };

export function FeedList({ tweets, label, ref }: FeedListProps) {
  return (
    <ul ref={ref} className="post-list" aria-label={label}>
      {tweets.map((tweet) => (
        <li key={tweet.id}>
          <PostCard tweet={tweet} />
        </li>
      ))}
    </ul>
  );
}
