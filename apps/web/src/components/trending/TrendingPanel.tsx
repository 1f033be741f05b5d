import { useStreamRestart } from "../../hooks/useStreamRestart";
import { trpc } from "../../trpc";
import { ErrorNotice } from "../common/ErrorNotice";
import { Icon } from "../common/Icon";
import { LoadingState } from "../common/LoadingState";
import { RelativeTime } from "../common/RelativeTime";
import { TrendingList } from "./TrendingList";

/** Trending topics: the snapshot from `trending.list`, replaced by every `trending.onUpdate`. */
export function TrendingPanel() {
  const utils = trpc.useUtils();
  const trending = trpc.trending.list.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const stream = trpc.trending.onUpdate.useSubscription(undefined, {
    onData: (snapshot) => utils.trending.list.setData(undefined, snapshot),
  });
  useStreamRestart(stream);
  const snapshot = trending.data;

  return (
    <section className="card panel trending" aria-labelledby="trending-title">
      <h2 id="trending-title" className="panel-title">
        <Icon name="trend" /> Trending
      </h2>
      {snapshot ? (
        <>
          <TrendingList topics={snapshot.topics} windowMs={snapshot.windowMs} />
          <p className="panel-footnote muted">
            Updated <RelativeTime iso={snapshot.computedAt} />
          </p>
        </>
      ) : trending.isError ? (
        <ErrorNotice title="Trending is unavailable" error={trending.error} onRetry={() => void trending.refetch()} />
      ) : (
        <LoadingState label="Loading trends…" />
      )}
    </section>
  );
}
