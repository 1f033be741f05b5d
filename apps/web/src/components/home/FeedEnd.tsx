import { useEffect, useRef } from "react";
import { useInView } from "../../hooks/useInView";
import { LoadMoreButton } from "../common/LoadMoreButton";

type FeedEndProps = { canLoad: boolean; onLoad: () => void };

/**
 * Infinite scroll: an invisible marker after the last post loads older posts as it nears the viewport. The
 * "Show older posts" button stays beside it as the keyboard and screen-reader way, and the only way after a failure.
 */
export function FeedEnd({ canLoad, onLoad }: FeedEndProps) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useInView(ref, { enterMs: 0, leaveMs: 0 });
  const load = useRef(onLoad);
  load.current = onLoad;
  useEffect(() => {
    if (near && canLoad) load.current();
  }, [near, canLoad]);
  return <div ref={ref} className="feed-end" aria-hidden="true" />;
}

/** The paging state of an infinite query of posts (what react-query's useInfiniteQuery returns). */
type OlderPostsPaging = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage(): Promise<unknown>;
};

/** The end of a list of posts: infinite scroll, and the "Show older posts" button beside it. */
export function OlderPosts({ pages }: { pages: OlderPostsPaging }) {
  const loadOlder = () => void pages.fetchNextPage();
  return (
    <>
      <FeedEnd
        canLoad={pages.hasNextPage && !pages.isFetchingNextPage && !pages.isFetchNextPageError}
        onLoad={loadOlder}
      />
      <LoadMoreButton
        hasMore={pages.hasNextPage}
        loading={pages.isFetchingNextPage}
        onLoad={loadOlder}
        label="Show older posts"
      />
    </>
  );
}
