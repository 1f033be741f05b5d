type LoadMoreButtonProps = { hasMore: boolean; loading: boolean; onLoad: () => void; label?: string };

export function LoadMoreButton({ hasMore, loading, onLoad, label = "Load more" }: LoadMoreButtonProps) {
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="button button-secondary" disabled={loading} aria-busy={loading} onClick={onLoad}>
        {loading && <span className="spinner" aria-hidden="true" />}
        {loading ? "Loading…" : label}
      </button>
    </div>
  );
}
