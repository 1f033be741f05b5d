import { initTRPC } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { ZodError, z } from "zod";
import type { Context } from "../context";
import { reportInternalError } from "./internal-error";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable";

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** The one tRPC instance: procedures (../trpc.ts) and middlewares are built from it. */
export const t = initTRPC.context<Context>().create({
  // Never put stack traces on the wire, whatever NODE_ENV says: error details are logged server-side.
  isDev: false,
  // Subscriptions run over the WebSocket only, where connection, subscription, rate and buffer limits apply;
  // over HTTP (server-sent events) they would bypass every one of them.
  sse: { enabled: false },
  errorFormatter({ shape, error, ctx, path, type }) {
    // The database being unreachable is not a bug: a retryable 503, logged as a warning without the query.
    if (error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(error)) {
      ctx?.logger.warn({ path, type, userId: ctx.session?.user.id }, "procedure failed: database unreachable");
      return {
        ...shape,
        code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
        message: DATABASE_UNAVAILABLE_MESSAGE,
        data: { ...shape.data, code: "SERVICE_UNAVAILABLE" as const, httpStatus: 503, zodError: null },
      };
    }
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // The default message is the raw issue list as JSON; say which field is wrong in one line instead. No
      // internal error's own text reaches the wire: it is logged with the request id the client is given.
      message: zodError
        ? `Invalid input: ${describeZodError(zodError)}`
        : error.code === "INTERNAL_SERVER_ERROR"
          ? reportInternalError(error, ctx, { path, type })
          : shape.message,
      data: { ...shape.data, zodError: zodError ? z.flattenError(zodError) : null },
    };
  },
});
