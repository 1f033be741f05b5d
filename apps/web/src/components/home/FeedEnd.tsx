import { useEffect, useRef } from "react";
import { useInView } from "../../hooks/useInView";

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
