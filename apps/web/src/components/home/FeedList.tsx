import type { Ref } from "react";
import type { FeedEntry, Tweet } from "../../api-types";
import { PostCard } from "../post/PostCard";

type FeedListProps = { label: string; ref?: Ref<HTMLUListElement> } & (
  | { tweets: readonly Tweet[]; entries?: never }
  /** Feed entries: a post that came through reposts says who reposted it. */
  | { entries: readonly FeedEntry[]; tweets?: never }
);

export function FeedList({ tweets, entries, label, ref }: FeedListProps) {
  const items = entries ?? tweets.map((tweet) => ({ tweet, repostedBy: undefined }));
  return (
    <ul ref={ref} className="post-list" aria-label={label}>
      {items.map(({ tweet, repostedBy }) => (
        <li key={tweet.id}>
          <PostCard tweet={tweet} repostedBy={repostedBy} />
        </li>
      ))}
    </ul>
  );
}
