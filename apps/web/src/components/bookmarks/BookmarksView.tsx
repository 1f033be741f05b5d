import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { ViewHeading } from "../common/ViewHeading";
import { FeedList } from "../home/FeedList";

/** The posts I bookmarked, most recently bookmarked first. */
export function BookmarksView() {
  const bookmarks = trpc.engagement.bookmarks.useInfiniteQuery(
    { limit: 20 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>Bookmarks</ViewHeading>
      {bookmarks.isPending ? (
        <LoadingState label="Loading bookmarks…" />
      ) : bookmarks.isError ? (
        <ErrorNotice
          title="Bookmarks could not be loaded"
          error={bookmarks.error}
          onRetry={() => void bookmarks.refetch()}
        />
      ) : bookmarks.data.pages[0]?.items.length ? (
        <>
          <FeedList tweets={bookmarks.data.pages.flatMap((page) => page.items)} label="Bookmarked posts" />
          <LoadMoreButton
            hasMore={bookmarks.hasNextPage}
            loading={bookmarks.isFetchingNextPage}
            onLoad={() => void bookmarks.fetchNextPage()}
            label="Show older bookmarks"
          />
        </>
      ) : (
        <EmptyState title="No bookmarks yet">
          <p className="muted">Bookmark a post to keep it here.</p>
        </EmptyState>
      )}
    </section>
  );
}
