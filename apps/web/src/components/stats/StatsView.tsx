import type { ConnectionStats } from "../../api-types";
import { trpc } from "../../trpc";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";

export const STATS_REFRESH_MS = 3_000;

const tiles: { key: keyof ConnectionStats; label: string; help: string }[] = [
  { key: "activeUsers", label: "People online", help: "Signed-in people with at least one open connection" },
  { key: "totalUserConnections", label: "Their connections", help: "Open tabs and devices of signed-in people" },
  { key: "globalConnections", label: "Anonymous connections", help: "Sockets not signed in (yet)" },
  { key: "totalConnections", label: "All connections", help: "Every open WebSocket, across all server instances" },
];

export function StatsView() {
  const stats = trpc.stats.connections.useQuery(undefined, {
    refetchInterval: STATS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });

  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>Live connections</ViewHeading>
      <p className="muted">Across every Pulse server instance, refreshed every few seconds.</p>
      {stats.data ? (
        <>
          <dl className="stats-grid">
            {tiles.map((tile) => (
              <div key={tile.key} className="card stat">
                <dt>{tile.label}</dt>
                <dd className="stat-value" data-stat={tile.key}>
                  {stats.data[tile.key].toLocaleString()}
                </dd>
                <dd className="stat-help muted">{tile.help}</dd>
              </div>
            ))}
          </dl>
          <p className="muted panel-footnote">
            Last updated {new Date(stats.dataUpdatedAt).toLocaleTimeString()}
            {stats.isError && " — refresh failed, showing the last numbers"}
          </p>
        </>
      ) : stats.isError ? (
        <ErrorNotice
          title="Statistics are unavailable"
          error={stats.error}
          retrying={stats.isFetching}
          onRetry={() => void stats.refetch()}
        />
      ) : (
        <LoadingState label="Counting connections…" />
      )}
    </section>
  );
}
