import pg from "pg";

export interface PostgresPoolOptions {
  /** Connections at most (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Giving up on opening a connection after this long (DATABASE_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** PostgreSQL cancels a statement running longer (DATABASE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** PostgreSQL ends a session idle inside a transaction longer (DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionTimeoutMs?: number;
  /** Told about every connection that fails (terminated, reset, timed out); the default ignores them. */
  onConnectionError?: (error: Error) => void;
}

/**
 * A node-postgres pool that survives its database going away. A pg Client emits 'error' when its connection dies
 * while nothing is waiting for a reply — idle in the pool, or checked out between two statements of a transaction
 * ("idle in transaction") — and an 'error' event nobody listens to ends the process. The pool listens only while a
 * client is idle, so every client gets its own listener for its whole life. A dead client is never reused: the pool
 * drops clients that are no longer queryable when they are released.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const report = options.onConnectionError ?? (() => {});
  const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 10_000,
    // A stalled server cannot cancel anything: the client gives up on its own a little after the server would have.
    query_timeout: statementTimeoutMs + connectTimeoutMs,
    // Half-open connections (a peer that vanished without a FIN) are noticed instead of hanging forever.
    keepAlive: true,
  });
  pool.on("connect", (client) => client.on("error", report));
  // The pool re-emits an idle client's error, already reported by the client's own listener above.
  pool.on("error", () => {});
  return pool;
}
