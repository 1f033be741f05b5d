import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PulseMetrics } from "./pulse-metrics";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Whether the request bears `Authorization: Bearer <token>`. Both sides are hashed first, so the comparison takes
 * the same time whatever the length or the first differing byte.
 */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  return timingSafeEqual(digest(given), digest(token));
}

export interface MetricsEndpointOptions {
  metrics: PulseMetrics;
  /** METRICS_TOKEN: set → only requests bearing it are answered (401 otherwise). */
  token?: string | undefined;
}

/** Answers GET /metrics with the Prometheus text exposition of this process. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, options: MetricsEndpointOptions): void {
  if (options.token && !bearerMatches(req, options.token)) {
    res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' });
    res.end("Unauthorized\n");
    return;
  }
  options.metrics.exposition().then(
    ({ contentType, body }) => {
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    },
    () => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("metrics collection failed\n");
    },
  );
}
