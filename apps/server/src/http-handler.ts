import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type ApiDeps, type AppRouter, appRouter, createContext, readSessionCookie } from "@pulse/api";
import { type PulseMetrics, serveMetrics } from "@pulse/metrics";
import type { Readiness } from "@pulse/worker-runtime";
import type { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { clientIp, type TrustProxy } from "./client-ip";
import { webAppSecurityHeaders } from "./http-security-headers";
import { bearerToken, trpcRequestRefusal } from "./http-trpc-guard";
import { trpcErrorShape } from "./trpc-error-shape";
import { createTrpcFastPath } from "./trpc-fast-path";
import { webAppFiles } from "./web-app-files";

export interface HttpHandlerOptions {
  deps: ApiDeps;
  trustProxy: TrustProxy;
  webDistDir: string;
  /** Calls in one HTTP batch (TRPC_MAX_BATCH_SIZE); a bigger batch is refused whole before any call runs. */
  maxBatchSize?: number;
  /** Browser origins allowed besides this server's own (ALLOWED_ORIGINS), for cookie-authenticated mutations. */
  allowedOrigins?: readonly string[];
  /** The /readyz answer: dependency checks, degradation, shutdown (see the dependency monitor). */
  readiness(): Promise<Readiness>;
  /** /metrics in Prometheus text; absent → /metrics is not served. */
  metrics?: { metrics: PulseMetrics; token?: string | undefined } | undefined;
}

const MAX_BODY_BYTES = 64 * 1024;
/** TRPC_MAX_BATCH_SIZE's default, for callers that do not pass the configured value. */
const DEFAULT_MAX_BATCH_SIZE = 25;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** One error in tRPC's wire shape (through the router's error formatter), as tRPC itself would answer. */
function sendTrpcError(res: ServerResponse, error: TRPCError): void {
  sendJson(res, getHTTPStatusCodeFromError(error), { error: trpcErrorShape(error) });
}

/** One listener for the port: /trpc, /healthz, /readyz, /metrics, and the built web app for everything else. */
export function createHttpHandler(options: HttpHandlerOptions): RequestListener {
  const { deps } = options;
  const policy = {
    maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    trustProxy: options.trustProxy,
    cookieSecure: deps.cookieSecure,
  };
  const trpcContextMeta = (req: IncomingMessage, res: ServerResponse) => ({
    transport: "http" as const,
    // Set by the access log (http-access-log.ts) when it wraps this handler, as the server does.
    ...(typeof req.id === "string" ? { requestId: req.id, logger: req.log } : {}),
    ip: clientIp(req, options.trustProxy),
    token: bearerToken(req) ?? readSessionCookie(req.headers.cookie, deps.cookieSecure),
    setCookie: (value: string) => res.appendHeader("set-cookie", value),
  });
  // The error formatter logs every internal error once, with the request id it puts on the wire; only an error
  // before a context existed (nothing for the formatter to log with) is logged here.
  const logErrorWithoutContext = ({
    error,
    path,
    ctx,
  }: {
    error: TRPCError;
    path?: string | undefined;
    ctx?: unknown;
  }) => {
    if (error.code === "INTERNAL_SERVER_ERROR" && !ctx) deps.logger.error({ err: error, path }, "procedure failed");
  };
  const trpc = createHTTPHandler<AppRouter>({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    // Also checked before tRPC (trpcRequestRefusal, with a clearer message); kept as a second line.
    maxBatchSize: policy.maxBatchSize,
    createContext: ({ req, res }) => createContext(deps, trpcContextMeta(req, res)),
    onError: logErrorWithoutContext,
  });
  const trpcFastPath = createTrpcFastPath({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    createContext: (req, res) => createContext(deps, trpcContextMeta(req, res)),
    onError: logErrorWithoutContext,
  });
  const webApp = webAppFiles(options.webDistDir);
  const securityHeaders = webAppSecurityHeaders({ secure: deps.cookieSecure });

  const serveTrpc = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    // Auth answers carry tokens; no /trpc answer may be stored by a browser or a proxy.
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    const refusal = trpcRequestRefusal(req, url, policy);
    if (!refusal) {
      if (trpcFastPath(req, res, url)) return;
      return trpc(req, res);
    }
    // The body is not read: close the connection instead of draining whatever the client still sends.
    if (req.method !== "GET" && req.method !== "HEAD") res.shouldKeepAlive = false;
    sendTrpcError(res, refusal);
  };

  const serveWebApp = (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(req, res, (error) => {
      if (error) {
        deps.logger.error({ err: error }, "security headers failed");
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error\n");
        return;
      }
      if (!webApp) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("The web app is not built. Run `npm run build` (npm start does it for you).\n");
        return;
      }
      webApp(req, res);
    });
  };

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const { pathname } = url;
    if (pathname === "/trpc" || pathname.startsWith("/trpc/")) return serveTrpc(req, res, url);
    if (pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (pathname === "/readyz") {
      options.readiness().then(
        ({ statusCode, body }) => sendJson(res, statusCode, body),
        () => sendJson(res, 503, { status: "unavailable" }),
      );
      return;
    }
    if (pathname === "/metrics" && options.metrics) return serveMetrics(req, res, options.metrics);
    serveWebApp(req, res);
  };
}
