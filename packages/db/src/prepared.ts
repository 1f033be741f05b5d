import type { Database } from "./client";

/**
 * A query built once per database and run with placeholders (`sql.placeholder`) from then on. Drizzle's builder
 * costs tens of microseconds per call (entity checks, SQL string assembly); on paths that run per subscription
 * start, per session lookup or per bell that was a tenth of a connect's server CPU. Given a name (`.prepare(name)`),
 * node-postgres also keeps the parsed statement and its plan per pooled connection.
 */
export function builtOncePerDatabase<Query>(build: (db: Database) => Query): (db: Database) => Query {
  const built = new WeakMap<Database, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
