import type { IncomingMessage } from "node:http";
import { requestProtocol, type TrustProxy } from "./client-ip";

/**
 * Whether a request's Origin may act for the user: same-origin (the page came from this host) or in the allow-list.
 * Requests without an Origin (non-browser clients) pass; callers that need a browser's Origin check its presence.
 * Shared by the HTTP handler and the WebSocket upgrade.
 */
export function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>, trust: TrustProxy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  return req.headers.host !== undefined && origin === `${requestProtocol(req, trust)}://${req.headers.host}`;
}
