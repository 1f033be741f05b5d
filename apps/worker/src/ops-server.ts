import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type PulseMetrics, serveMetrics } from "@pulse/metrics";
import type { DependencyMonitor } from "@pulse/worker-runtime";

export interface OpsServerOptions {
  port: number;
  host: string;
  metrics: PulseMetrics;
  /** METRICS_TOKEN: set → /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  monitor: DependencyMonitor;
  isShuttingDown(): boolean;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** The standalone worker's own small HTTP listener (WORKER_METRICS_PORT): /metrics, /healthz, /readyz. */
export async function startOpsServer(options: OpsServerOptions) {
  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname === "/metrics")
      return serveMetrics(req, res, { metrics: options.metrics, token: options.metricsToken });
    if (pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (pathname === "/readyz") {
      void options.monitor
        .readiness(options.isShuttingDown())
        .then(({ statusCode, body }) => sendJson(res, statusCode, body));
      return;
    }
    sendJson(res, 404, { error: "not found" });
  });
  server.listen(options.port, options.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}
