import { TRPCError } from "@trpc/server";

/** What a client is told when Pulse cannot reach PostgreSQL: nothing about the query, only that a retry will do. */
export const DATABASE_UNAVAILABLE_MESSAGE = "Pulse cannot reach its database; retry shortly";

/**
 * SQLSTATEs that mean the database is not there for us right now, not that the request is wrong: connection
 * exceptions (class 08), the server shutting down or the connection being terminated (57P01–57P03), a statement
 * cancelled by statement_timeout (57014, a stalled or overloaded server), too many connections (53300), and a
 * session ended for idling in a transaction (25P03).
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "57014", "53300", "25P03"]);
/** Socket errors on the way to the database. */
const UNAVAILABLE_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
/** node-postgres and pg-pool report a lost or never-opened connection with these messages and no code. */
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Query read timeout",
];

function isUnavailableCause(error: object): boolean {
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code && (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  return UNAVAILABLE_MESSAGES.some((prefix) => message.startsWith(prefix));
}

/**
 * Whether an error (or any error it wraps: TRPCError → DrizzleQueryError → pg error, or an AggregateError of
 * connection attempts) says the database is unreachable. Such errors reach clients as SERVICE_UNAVAILABLE (503).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 6) return false;
  if (isUnavailableCause(error)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return "cause" in error && isDatabaseUnavailable(error.cause, depth + 1);
}

/** The retryable error a procedure throws when it cannot check a session because the database is unreachable. */
export function databaseUnavailableError(cause?: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}
