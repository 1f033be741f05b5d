/**
 * Lets every subscriber of the same key share one read: after a bell, all local subscribers of a tweet wake together
 * and would otherwise each query the database for the same row. A caller joins a read only if it started at or after
 * the caller's `since` (its latest bell), so nobody receives a state older than the change that woke it.
 */
export function sharedRead<Key, Value>(read: (key: Key) => Promise<Value>) {
  const inFlight = new Map<Key, { startedAt: number; promise: Promise<Value> }>();
  return (key: Key, since: number): Promise<Value> => {
    const current = inFlight.get(key);
    if (current && current.startedAt >= since) return current.promise;
    const startedAt = performance.now();
    const promise = read(key).finally(() => {
      if (inFlight.get(key)?.promise === promise) inFlight.delete(key);
    });
    inFlight.set(key, { startedAt, promise });
    return promise;
  };
}
