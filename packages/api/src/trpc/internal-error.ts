import { randomUUID } from "node:crypto";
import type { TRPCError } from "@trpc/server";
import type { Context } from "../context";

/**
 * Logs an INTERNAL_SERVER_ERROR once, under the request's id, and returns the only message the client gets: the
 * error's own message may hold SQL and its parameters (drizzle's "Failed query: … params: …"). The logger's error
 * serializer drops the parameters; the input is never logged (it holds passwords and the values themselves).
 */
export function reportInternalError(
  error: TRPCError,
  ctx: Context | undefined,
  call: { path: string | undefined; type: string },
): string {
  // Over HTTP the request already has an id (sent back in x-request-id); a WebSocket call gets its own.
  const requestId = ctx?.requestId ?? randomUUID();
  ctx?.logger.error(
    { err: error, requestId, path: call.path, type: call.type, userId: ctx.session?.user.id },
    "procedure failed",
  );
  return `Something went wrong on our side (request id ${requestId})`;
}
