import type { IncomingMessage } from "node:http";
import { SESSION_COOKIE } from "@pulse/api";
import { TRPCError } from "@trpc/server";
import type { TrustProxy } from "./client-ip";
import { originAllowed } from "./origin";

/** What a /trpc request must satisfy before tRPC parses it or runs any procedure. */
export interface TrpcRequestPolicy {
  maxBatchSize: number;
  /** Browser origins allowed besides this server's own. */
  allowedOrigins: ReadonlySet<string>;
  trustProxy: TrustProxy;
  cookieSecure: boolean;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() || undefined : undefined;
}

/** Calls in a batch URL (`/trpc/a,b,c?batch=1`), counted without decoding or splitting it. */
function batchSize(url: URL): number {
  if (url.searchParams.get("batch") !== "1") return 1;
  return (url.pathname.match(/,|%2c/gi)?.length ?? 0) + 1;
}

/** How many cookies of this name the raw header carries (parsers keep only the first). */
function cookieCount(header: string | undefined, name: string): number {
  if (!header) return 0;
  return header.split(";").filter((pair) => pair.slice(0, pair.indexOf("=")).trim() === name).length;
}

function mediaType(req: IncomingMessage): string | undefined {
  return req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The error a /trpc request is refused with before tRPC sees it, or undefined to let it through. */
export function trpcRequestRefusal(req: IncomingMessage, url: URL, policy: TrpcRequestPolicy): TRPCError | undefined {
  // Counted before tRPC looks up a single path: a 14 KB URL of 7 000 names used to cost ~1 s of CPU and 1 MB of errors.
  const calls = batchSize(url);
  if (calls > policy.maxBatchSize) {
    return new TRPCError({
      code: "BAD_REQUEST",
      message: `A batch may hold at most ${policy.maxBatchSize} calls; this one has ${calls}`,
    });
  }
  // tRPC decodes the path itself and answered a malformed escape (`/trpc/%E0%A4%A`) with a 500: it is the caller's error.
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return new TRPCError({ code: "BAD_REQUEST", message: "The procedure path is not valid percent-encoded UTF-8" });
  }
  // `__Host-` (RFC 6265bis) when Secure, as @pulse/api names it: such a cookie cannot be tossed by a sibling page.
  const cookieName = policy.cookieSecure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
  const sessionCookies = cookieCount(req.headers.cookie, cookieName);
  if (sessionCookies > 1) {
    return new TRPCError({
      code: "BAD_REQUEST",
      message: `More than one session cookie (${cookieName}) was sent, so which session is meant is unknown (another page of this site may have set one): clear this site's cookies and sign in again`,
    });
  }
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  // multipart/form-data, text/plain and urlencoded bodies are what a foreign page can send without a CORS preflight.
  const type = mediaType(req);
  if (type !== "application/json") {
    return new TRPCError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `Calls over HTTP ${req.method} must have Content-Type: application/json (got ${type ?? "none"})`,
    });
  }
  if (bearerToken(req)) return undefined;
  // Browsers send Origin with every POST: a cookie-borne call without one, or from a foreign page, is refused.
  const origin = req.headers.origin;
  const foreign =
    origin === undefined ? sessionCookies > 0 : !originAllowed(req, policy.allowedOrigins, policy.trustProxy);
  if (foreign) {
    return new TRPCError({
      code: "FORBIDDEN",
      message: `A call authenticated by the session cookie must come from this site's pages (Origin ${origin ?? "missing"}); services send Authorization: Bearer instead`,
    });
  }
  return undefined;
}
