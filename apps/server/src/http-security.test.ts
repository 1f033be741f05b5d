import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPulseClient } from "@pulse/client";
import { parseConfig } from "@pulse/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
import { originAllowed } from "./origin";
import { wsOnlyClient } from "./test-cluster";
import { readTrpcBody, startTestServer, type TestServer } from "./testing";

const PASSWORD = "correct horse battery";

async function webDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pulse-web-"));
  await writeFile(join(dir, "index.html"), "<!doctype html><title>Pulse test shell</title>");
  await writeFile(join(dir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dir;
}

/** Signs a user up and logs in over raw HTTP, as a browser would: the session cookie pair and the token. */
async function browserLogin(url: string, username: string) {
  await createPulseClient({ url }).trpc.auth.signup.mutate({ username, password: PASSWORD });
  const login = await fetch(`${url}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const setCookie = login.headers.get("set-cookie") ?? "";
  const token = (await readTrpcBody<{ token: string }>(login)).result?.data.token ?? "";
  return { setCookie, cookie: setCookie.split(";")[0] ?? "", token };
}

async function me(url: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/trpc/auth.me`, { headers });
  return { status: response.status, body: await readTrpcBody<{ username: string }>(response) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(request: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  await (await request()).arrayBuffer();
  return performance.now() - started;
}

describe("HTTP hardening (issue 9)", () => {
  let ctx: TestServer;
  beforeAll(async () => {
    ctx = await startTestServer("pglite", { WEB_DIST_DIR: await webDist() });
  });
  afterAll(() => ctx.close());

  describe("batch amplification", () => {
    const oversized = () => `${ctx.url}/trpc/${Array.from({ length: 7_000 }, () => "x").join(",")}?batch=1`;

    it("refuses an oversized batch with one error naming the limit, before any call runs", async () => {
      const response = await fetch(oversized());
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text.length).toBeLessThan(1_000);
      const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
      expect(body.error.data.code).toBe("BAD_REQUEST");
      expect(body.error.message).toMatch(/at most 25 calls/);

      // 26 sign-ups in one batch: refused whole, so none of them ran.
      const names = Array.from({ length: 26 }, (_, index) => `batch_${index}`);
      const input = Object.fromEntries(names.map((username, index) => [index, { username, password: PASSWORD }]));
      const batch = await fetch(`${ctx.url}/trpc/${names.map(() => "auth.signup").join(",")}?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      expect(batch.status).toBe(400);
      expect((await readTrpcBody(batch)).error?.message).toMatch(/at most 25 calls; this one has 26/);
      const again = await createPulseClient({ url: ctx.url }).trpc.auth.signup.mutate({
        username: "batch_0",
        password: PASSWORD,
      });
      expect(again.user.username).toBe("batch_0");
    });

    it("answers a malformed percent-escape in the procedure path with 400, not 500", async () => {
      for (const path of ["/trpc/%E0%A4%A", "/trpc/auth.me,%FF?batch=1"]) {
        const response = await fetch(`${ctx.url}${path}`);
        expect(response.status).toBe(400);
        expect((await readTrpcBody(response)).error?.message).toMatch(/not valid percent-encoded/);
      }
    });

    it("a URL beyond the header limit never reaches the router", async () => {
      const huge = await fetch(`${ctx.url}/trpc/${Array.from({ length: 20_000 }, () => "x").join(",")}?batch=1`);
      expect(huge.status).toBe(431);
    });

    it("a bystander answers promptly while three oversized batches run", async () => {
      const { token } = await browserLogin(ctx.url, "bystander");
      const bystander = () => fetch(`${ctx.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 5; i++) await timed(bystander);
      const baseline: number[] = [];
      for (let i = 0; i < 20; i++) baseline.push(await timed(bystander));

      let measuring = true;
      const attacker = async () => {
        while (measuring) await (await fetch(oversized())).arrayBuffer();
      };
      const attackers = [attacker(), attacker(), attacker()];
      const during: number[] = [];
      for (let i = 0; i < 20; i++) during.push(await timed(bystander));
      measuring = false;
      await Promise.all(attackers);
      expect(median(during)).toBeLessThanOrEqual(5 * median(baseline) + 10);
    });
  });

  describe("same-site CSRF", () => {
    let victim: Awaited<ReturnType<typeof browserLogin>>;
    beforeAll(async () => {
      victim = await browserLogin(ctx.url, "victim");
    });
    // A page on another port of the same host: same site, so the SameSite=Lax cookie rides along.
    const sameSiteOrigin = () => ctx.url.replace(/:\d+$/, ":1");
    const logout = (headers: Record<string, string>, body: string | FormData = "{}") =>
      fetch(`${ctx.url}/trpc/auth.logout`, { method: "POST", headers, body });
    const stillSignedIn = async () => expect((await me(ctx.url, { cookie: victim.cookie })).status).toBe(200);

    it("refuses multipart/form-data and other non-JSON bodies with 415 before any call runs", async () => {
      const form = new FormData();
      form.set("x", "1");
      const multipart = await fetch(`${ctx.url}/trpc/auth.logout`, {
        method: "POST",
        headers: { cookie: victim.cookie, origin: sameSiteOrigin() },
        body: form,
      });
      expect(multipart.status).toBe(415);
      const body = await readTrpcBody(multipart);
      expect(body.error?.data.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(body.error?.message).toMatch(/application\/json/);
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/octet-stream"]) {
        expect((await logout({ cookie: victim.cookie, "content-type": type })).status).toBe(415);
      }
      await stillSignedIn();
    });

    it("refuses a cookie-authenticated mutation without an allowed Origin with 403", async () => {
      for (const origin of [sameSiteOrigin(), "https://evil.example", "null", undefined]) {
        const headers: Record<string, string> = { cookie: victim.cookie, "content-type": "application/json" };
        if (origin) headers.origin = origin;
        const response = await logout(headers);
        expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
        expect((await readTrpcBody(response)).error?.data.code).toBe("FORBIDDEN");
      }
      await stillSignedIn();
    });

    it("accepts same-origin cookie mutations and bearer mutations whatever their Origin", async () => {
      const markRead = (headers: Record<string, string>) =>
        fetch(`${ctx.url}/trpc/notification.markRead`, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", ...headers },
          body: JSON.stringify({ all: true }),
        });
      expect((await markRead({ cookie: victim.cookie, origin: ctx.url })).status).toBe(200);
      expect((await markRead({ authorization: `Bearer ${victim.token}`, origin: "https://evil.example" })).status).toBe(
        200,
      );
    });
  });

  describe("cookie tossing", () => {
    it("refuses a request carrying two session cookies (HTTP 400) and leaves such a WebSocket signed out", async () => {
      const victim = await browserLogin(ctx.url, "tossed");
      const attacker = await browserLogin(ctx.url, "tosser");
      // A same-site page set the attacker's cookie with path=/trpc: the browser sends it first.
      const both = `${attacker.cookie}; ${victim.cookie}`;
      const response = await me(ctx.url, { cookie: both });
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(/more than one session cookie/i);

      const socket = wsOnlyClient(ctx.url, { headers: { cookie: both, origin: ctx.url } });
      await expect(socket.trpc.auth.me.query()).rejects.toThrow(/UNAUTHORIZED|sign/i);
      await socket.close();
    });

    describe("when secure", () => {
      let secure: TestServer;
      let victim: Awaited<ReturnType<typeof browserLogin>>;
      let attacker: Awaited<ReturnType<typeof browserLogin>>;
      // A second server and four password hashes: setup, under the hook timeout rather than the test's.
      beforeAll(async () => {
        secure = await startTestServer("pglite", { COOKIE_SECURE: "true", WEB_DIST_DIR: await webDist() });
        victim = await browserLogin(secure.url, "secure_victim");
        attacker = await browserLogin(secure.url, "secure_attacker");
      });
      afterAll(() => secure?.close());

      it("uses a __Host- cookie when secure and ignores a tossed plain one", async () => {
        expect(victim.setCookie).toMatch(/^__Host-pulse_session=[^;]+;/);
        expect(victim.setCookie).toMatch(/; Path=\/;/);
        expect(victim.setCookie).toMatch(/; Secure/);
        expect(victim.setCookie).not.toMatch(/Domain=/i);
        const tossed = `pulse_session=${attacker.token}`;
        expect((await me(secure.url, { cookie: `${tossed}; ${victim.cookie}` })).body.result?.data.username).toBe(
          "secure_victim",
        );
        expect((await me(secure.url, { cookie: tossed })).status).toBe(401);

        const page = await fetch(`${secure.url}/`);
        expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      });
    });
  });

  describe("security headers", () => {
    it("serves the web app with a CSP, nosniff, a referrer policy and no HSTS over plain HTTP", async () => {
      for (const path of ["/", "/favicon.svg", "/some/deep/link"]) {
        const response = await fetch(`${ctx.url}${path}`);
        expect(response.status).toBe(200);
        const csp = response.headers.get("content-security-policy") ?? "";
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toMatch(/connect-src 'self' ws:\/\/localhost:\d+;/);
        expect(csp).not.toContain("unsafe-inline");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("referrer-policy")).toBe("same-origin");
        expect(response.headers.get("strict-transport-security")).toBeNull();
      }
    });

    it("marks every /trpc response no-store, token-carrying ones included", async () => {
      await createPulseClient({ url: ctx.url }).trpc.auth.signup.mutate({ username: "cache", password: PASSWORD });
      const login = await fetch(`${ctx.url}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "cache", password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get("cache-control")).toBe("no-store");
      const anonymous = await fetch(`${ctx.url}/trpc/auth.me`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("cache-control")).toBe("no-store");
    });
  });
});

describe("client address and origin behind proxies (TRUST_PROXY)", () => {
  let server: Server;
  let url: string;
  let trust = parseConfig({}).TRUST_PROXY;
  const allowed = new Set(["http://localhost:5173"]);
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.end(JSON.stringify({ ip: clientIp(req, trust), originAllowed: originAllowed(req, allowed, trust) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  // node:http rather than fetch, which will not send a Host header of our choosing.
  async function seen(trustProxy: string | undefined, headers: Record<string, string>) {
    trust = parseConfig(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }).TRUST_PROXY;
    const body = await new Promise<string>((resolve, reject) => {
      request(url, { headers }, (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve(text));
      })
        .on("error", reject)
        .end();
    });
    return JSON.parse(body) as { ip: string; originAllowed: boolean };
  }

  it.each([
    [undefined, "6.6.6.6, 203.0.113.7", "127.0.0.1"],
    ["false", "6.6.6.6, 203.0.113.7", "127.0.0.1"],
    // One trusted hop: the entry our proxy appended, never the forgeable leftmost one.
    ["true", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["1", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["2", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"],
    ["loopback", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["loopback, 10.0.0.0/8", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"],
    ["10.0.0.0/8", "6.6.6.6, 203.0.113.7", "127.0.0.1"],
  ])("TRUST_PROXY=%s with X-Forwarded-For %s → %s", async (trustProxy, forwardedFor, expected) => {
    expect((await seen(trustProxy, { "x-forwarded-for": forwardedFor })).ip).toBe(expected);
  });

  it("believes X-Forwarded-Proto only from a trusted peer when matching the Origin", async () => {
    const behindTls = { host: "pulse.example", origin: "https://pulse.example", "x-forwarded-proto": "https" };
    expect((await seen("loopback", behindTls)).originAllowed).toBe(true);
    expect((await seen("10.0.0.0/8", behindTls)).originAllowed).toBe(false);
    expect((await seen(undefined, behindTls)).originAllowed).toBe(false);
    expect((await seen(undefined, { origin: "http://localhost:5173" })).originAllowed).toBe(true);
    expect((await seen(undefined, { origin: url })).originAllowed).toBe(true);
    expect((await seen(undefined, { origin: "https://evil.example" })).originAllowed).toBe(false);
  });
});
