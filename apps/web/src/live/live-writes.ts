import type { QueryCache, QueryKey } from "@tanstack/react-query";

export type LiveWrites = {
  /** Runs `apply` (a write into the cached query `queryKey`) now, and again after a fetch of it in flight lands. */
  write(queryKey: QueryKey, apply: () => void): void;
};

/**
 * A write into a query's cache while that query is fetching is lost when the fetch lands: an infinite query builds
 * its result from the pages it had when the fetch started (loading older posts would drop a post that arrived live
 * meanwhile). This keeps such writes and applies them again, in order, right after that fetch succeeds — so writes
 * must be idempotent (insert once, remove, set absolute values). A failed or cancelled fetch keeps the cache as the
 * writes left it.
 */
export function createLiveWrites(queryCache: QueryCache): LiveWrites {
  const journal = new Map<string, (() => void)[]>();
  queryCache.subscribe((event) => {
    if (event.type !== "updated") return;
    const { query, action } = event;
    const pending = journal.get(query.queryHash);
    if (!pending || query.state.fetchStatus !== "idle") return;
    journal.delete(query.queryHash);
    if (action.type === "success" && !action.manual) for (const apply of pending) apply();
  });
  return {
    write(queryKey, apply) {
      apply();
      const query = queryCache.find({ queryKey, exact: true });
      if (query?.state.fetchStatus !== "fetching") return;
      const pending = journal.get(query.queryHash) ?? [];
      pending.push(apply);
      journal.set(query.queryHash, pending);
    },
  };
}
