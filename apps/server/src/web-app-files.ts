import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import sirv from "sirv";

/** Vite names every built asset after its content hash: a given URL never changes, so it may be cached for good. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.\w+$/;

/**
 * The built web app: precompressed `.br`/`.gz` siblings (written at build time) are sent to clients that accept
 * them, hashed assets are cached as immutable for a year, and everything else (index.html, the single-page
 * fallback) is revalidated on every load so a deploy is picked up at once. Undefined when the app is not built.
 */
export function webAppFiles(distDir: string): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
  if (!existsSync(distDir)) return undefined;
  return sirv(distDir, {
    single: true,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders: (res, pathname) => {
      res.setHeader("cache-control", HASHED_ASSET.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
}
