import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAccessLog } from "./http-access-log";
import { createLogger } from "./logger";

describe("access log and request ids", () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const logger = createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) });
    server = createServer(
      withAccessLog(logger, (req, res) => {
        if (req.url?.startsWith("/fail")) {
          req.log.error({ err: new Error("Failed query: select 1\nparams: secret-param") }, "procedure failed");
          res.writeHead(500).end();
          return;
        }
        req.log.info("handled");
        res.end("ok");
      }),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The log lines of one request, in order. */
  function linesOf(requestId: string) {
    return lines.filter((line) => line.requestId === requestId);
  }

  it("gives every request an id, returns it, and puts it on every line logged for the request", async () => {
    const res = await fetch(`${base}/trpc/tweet.get?input=%7B%22secret%22%3A1%7D`, {
      headers: { authorization: "Bearer secret-token", cookie: "pulse_session=secret-cookie" },
    });
    const requestId = res.headers.get("x-request-id") as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [handled, access] = linesOf(requestId);
    expect(handled).toMatchObject({ msg: "handled", service: "pulse-server", pid: process.pid });
    expect(handled?.instance).toBe(`${handled?.hostname}:${process.pid}`);
    // Method, path (no query string: tRPC GET inputs live there), status and duration; no headers at all.
    expect(access).toMatchObject({
      msg: "request",
      req: { method: "GET", path: "/trpc/tweet.get" },
      res: { status: 200 },
    });
    expect(typeof access?.durationMs).toBe("number");
    const text = JSON.stringify(linesOf(requestId));
    for (const secret of ["secret-token", "secret-cookie", "secret", "input="]) expect(text).not.toContain(secret);
  });

  it("keeps a sane caller-chosen id and replaces one that is not", async () => {
    const kept = await fetch(`${base}/a`, { headers: { "x-request-id": "lb-7f3a9c21:42" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a9c21:42");
    expect(linesOf("lb-7f3a9c21:42")).toHaveLength(2);
    for (const bad of ["short", "has spaces in it", "x".repeat(129), '"quoted","injected"']) {
      const replaced = await fetch(`${base}/a`, { headers: { "x-request-id": bad } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("logs a failed request as an error without repeating the failure, and never its SQL parameters", async () => {
    const res = await fetch(`${base}/fail`);
    const [failure, access] = linesOf(res.headers.get("x-request-id") as string);
    expect(failure).toMatchObject({ level: 50, msg: "procedure failed" });
    expect(access).toMatchObject({ level: 50, msg: "request failed", res: { status: 500 } });
    expect(access).not.toHaveProperty("err");
    expect(JSON.stringify(failure)).not.toContain("secret-param");
  });

  it("keeps probes out of the access log", async () => {
    const before = lines.length;
    for (const path of ["/healthz", "/readyz", "/metrics"]) await fetch(`${base}${path}`);
    const probeLines = lines.slice(before).filter((line) => line.msg === "request");
    expect(probeLines).toEqual([]);
    // …while an ordinary request after them is logged, so the check above could fail.
    await fetch(`${base}/after`);
    expect(lines.slice(before).filter((line) => line.msg === "request")).toHaveLength(1);
  });
});
