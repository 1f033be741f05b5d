import { existsSync } from "node:fs";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type ApiDeps, type AppRouter, appRouter, createContext, readSessionCookie } from "@pulse/api";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import sirv from "sirv";
import { clientIp } from "./client-ip";

export interface HttpHandlerOptions {
  deps: ApiDeps;
  trustProxy: boolean;
  webDistDir: string;
  /** Whether the process is ready for traffic (database reachable, not shutting down). */
  isReady(): Promise<boolean>;
}

const MAX_BODY_BYTES = 64 * 1024;

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() || undefined : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** One listener for the port: /trpc, /healthz, /readyz, and the built web app for everything else. */
export function createHttpHandler(options: HttpHandlerOptions): RequestListener {
  const { deps } = options;
  const trpc = createHTTPHandler<AppRouter>({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) =>
      createContext(deps, {
        transport: "http",
        ip: clientIp(req, options.trustProxy),
        token: bearerToken(req) ?? readSessionCookie(req.headers.cookie),
        setCookie: (value) => res.appendHeader("set-cookie", value),
      }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.logger.error({ err: error, path }, "procedure failed");
    },
  });
  const webApp = existsSync(options.webDistDir)
    ? sirv(options.webDistDir, { single: true, etag: true, gzip: false, brotli: false })
    : undefined;

  return (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === "/trpc" || pathname.startsWith("/trpc/")) return trpc(req, res);
    if (pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (pathname === "/readyz") {
      options.isReady().then(
        (ready) => sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable" }),
        () => sendJson(res, 503, { status: "unavailable" }),
      );
      return;
    }
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "same-origin");
    if (!webApp) {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("The web app is not built. Run `npm run build` (npm start does it for you).\n");
      return;
    }
    webApp(req, res);
  };
}
