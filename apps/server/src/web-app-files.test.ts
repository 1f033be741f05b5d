import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { get, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing";

const SCRIPT = `console.log(${JSON.stringify("pulse ".repeat(200))});\n`;
const INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/index-AbCd1234.js"></script>\n';

/** A built web app in miniature, as Vite writes it: a hashed asset and index.html, each with `.br`/`.gz` siblings. */
async function fixtureDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pulse-web-files-"));
  await mkdir(join(dir, "assets"));
  for (const [path, content] of [
    ["assets/index-AbCd1234.js", SCRIPT],
    ["index.html", INDEX],
  ] as const) {
    await writeFile(join(dir, path), content);
    await writeFile(join(dir, `${path}.br`), brotliCompressSync(content));
    await writeFile(join(dir, `${path}.gz`), gzipSync(content));
  }
  return dir;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET over node:http, which (unlike fetch) leaves the body as sent: the bytes on the wire are what is asserted. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

describe("the built web app's files over HTTP", () => {
  let dist: string;
  let ctx: TestServer;
  beforeAll(async () => {
    dist = await fixtureDist();
    ctx = await startTestServer("pglite", { WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await ctx?.close();
    await rm(dist, { recursive: true, force: true });
  });

  const script = () => `${ctx.url}/assets/index-AbCd1234.js`;

  it("sends the brotli sibling to a client that accepts br", async () => {
    const response = await rawGet(script(), { "accept-encoding": "br" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body.equals(brotliCompressSync(SCRIPT))).toBe(true);
  });

  it("prefers brotli when both are accepted, and sends gzip to a gzip-only client", async () => {
    const both = await rawGet(script(), { "accept-encoding": "gzip, deflate, br" });
    expect(both.headers["content-encoding"]).toBe("br");
    const gzip = await rawGet(script(), { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.body.equals(gzipSync(SCRIPT))).toBe(true);
  });

  it("sends the original bytes to a client that accepts no encoding", async () => {
    const response = await rawGet(script());
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.toString()).toBe(SCRIPT);
  });

  it("caches hashed assets for good and revalidates the page and single-page routes", async () => {
    expect((await rawGet(script())).headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const path of ["/", "/u/alice"]) {
      const page = await rawGet(`${ctx.url}${path}`, { "accept-encoding": "br" });
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toBe("no-cache");
      expect(page.headers["content-encoding"]).toBe("br");
      expect(page.body.equals(brotliCompressSync(INDEX))).toBe(true);
    }
  });

  it("answers a revalidation with the same ETag with 304 and no body", async () => {
    const first = await rawGet(`${ctx.url}/`);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    const again = await rawGet(`${ctx.url}/`, { "if-none-match": etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const asset = await rawGet(script());
    const assetAgain = await rawGet(script(), { "if-none-match": asset.headers.etag as string });
    expect(assetAgain.status).toBe(304);
  });
});
