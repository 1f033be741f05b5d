import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const hostPattern = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The WebSocket of this host, named outright: CSP3 lets 'self' match ws:/wss: of the same host, but older browsers
 * (Safari before 15.4) do not.
 */
function sameHostWebSocket(scheme: "ws" | "wss") {
  return (req: IncomingMessage): string => {
    const host = req.headers.host ?? "";
    return hostPattern.test(host) ? `${scheme}://${host}` : "";
  };
}

/**
 * Headers of the web app's pages and files. The Vite build has no inline script or style (React sets `style` props
 * through the CSSOM, which CSP does not govern), so scripts and styles come from 'self' only.
 */
export function webAppSecurityHeaders(options: { secure: boolean }): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", sameHostWebSocket(options.secure ? "wss" : "ws")],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain HTTP this would send every request to an https:// URL nobody serves.
        upgradeInsecureRequests: options.secure ? [] : null,
      },
    },
    // Only a deployment behind HTTPS (COOKIE_SECURE) may promise browsers to never use plain HTTP again.
    strictTransportSecurity: options.secure ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
}
