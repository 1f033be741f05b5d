import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { FeedList } from "../home/FeedList";

export function UserPosts({ userId }: { userId: string }) {
  const posts = trpc.tweet.byUser.useInfiniteQuery(
    { userId, limit: 20 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  if (posts.isPending) return <LoadingState label="Loading posts…" />;
  if (posts.isError) {
    return <ErrorNotice title="Posts could not be loaded" error={posts.error} onRetry={() => void posts.refetch()} />;
  }
  const tweets = posts.data.pages.flatMap((page) => page.items);
  if (tweets.length === 0) return <EmptyState title="No posts yet" />;
  return (
    <>
      <FeedList tweets={tweets} label="Posts" />
      <LoadMoreButton
        hasMore={posts.hasNextPage}
        loading={posts.isFetchingNextPage}
        onLoad={() => void posts.fetchNextPage()}
        label="Show older posts"
      />
    </>
  );
}
