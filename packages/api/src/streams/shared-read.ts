let lastMoment = 0;

/**
 * A point in this process's order of events, strictly after every moment marked before it (a counter: two marks in
 * one tick can never compare equal, as clock readings can). Subscribers mark the moment from which a read must
 * see every commit — the bell that woke them, the listener they registered — and may join a read started later.
 */
export function markMoment(): number {
  lastMoment += 1;
  return lastMoment;
}

/** What a shared read may be keyed by: its arguments after the database. */
type ReadArgument = string | number | boolean;

/**
 * Lets this instance's subscribers share reads in flight: the tabs of one user opened together, or woken by the same
 * bell, would otherwise each run the same query. A caller joins a read of the same arguments on the same database
 * only if it started after the caller's `since` (see markMoment), so nobody is given a state older than the change,
 * or the listener, it is waiting on. Finished reads are not cached: the next caller reads again.
 */
export function sharedReadPerDatabase<Db extends object, Args extends ReadArgument[], Value>(
  read: (db: Db, ...args: Args) => Promise<Value>,
): (db: Db, since: number, ...args: Args) => Promise<Value> {
  const inFlight = new WeakMap<Db, Map<string, { startedAt: number; promise: Promise<Value> }>>();
  return (db, since, ...args) => {
    let reads = inFlight.get(db);
    if (!reads) {
      reads = new Map();
      inFlight.set(db, reads);
    }
    const key = JSON.stringify(args);
    const current = reads.get(key);
    if (current && current.startedAt > since) return current.promise;
    const startedAt = markMoment();
    const promise = read(db, ...args).finally(() => {
      if (reads.get(key)?.promise === promise) reads.delete(key);
    });
    reads.set(key, { startedAt, promise });
    return promise;
  };
}
