import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { serializeError } from "@pulse/api";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

/** An id a client or proxy may choose for its request (echoed and logged): short, printable, no spaces. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** Probes hit these every few seconds; their failures show up in the dependency logs instead. */
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

function pathOf(url: string | undefined): string {
  const raw = url ?? "/";
  const query = raw.indexOf("?");
  return query === -1 ? raw : raw.slice(0, query);
}

/** The request's id: the caller's `x-request-id` when it is a sane one, else a fresh UUID. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Wraps the HTTP listener with an access log (one line per finished request: method, path, status, duration) and a
 * request id that is returned in `x-request-id` and carried by `req.log`. The path is logged without its query
 * string (tRPC GET inputs live there) and no header is logged (cookies, bearer tokens).
 */
export function withAccessLog(logger: Logger, listener: RequestListener): RequestListener {
  const accessLog = pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req.url)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request failed",
    // The failed procedure is logged by the router with its cause; the access line only says the request failed.
    customErrorObject: (_req, _res, _error, line: Record<string, unknown>) => ({ ...line, err: undefined }),
    // pino-http gives its child loggers these serializers; unwrapped, they see the raw objects (no header copy), and
    // the error serializer stays the one that drops SQL parameters.
    wrapSerializers: false,
    serializers: {
      err: serializeError,
      req: (req: IncomingMessage) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    accessLog(req, res);
    listener(req, res);
  };
}
