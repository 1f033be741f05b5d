import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPulseClient } from "@pulse/client";
import { testDrivers } from "@pulse/db/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { SESSION_ENDED_CLOSE_CODE } from "./session-sockets";
import { wsOnlyClient } from "./test-cluster";
import { readTrpcBody, startTestServer, type TestServer } from "./testing";

const drivers = await testDrivers();

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a TRPCClientError, got ${String(error)}`);
  return error;
}

function upgradeStatus(url: string, headers: Record<string, string>, path = "/trpc"): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}${path}`, { headers });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.close();
    });
    socket.on("error", reject);
  });
}

describe.each(drivers)("server on %s", (driver) => {
  let ctx: TestServer;
  let webDist: string;
  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), "pulse-web-"));
    await writeFile(join(webDist, "index.html"), "<!doctype html><title>Pulse test shell</title>");
    ctx = await startTestServer(driver, { WEB_DIST_DIR: webDist });
  });
  afterAll(() => ctx.close());

  it("serves health, readiness and the web app (with SPA fallback) on one port", async () => {
    expect(await (await fetch(`${ctx.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${ctx.url}/readyz`)).json()).toMatchObject({
      status: "ready",
      checks: { postgres: { ok: true } },
    });
    for (const path of ["/", "/notifications/some/deep/link"]) {
      const page = await fetch(`${ctx.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Pulse test shell");
    }
  });

  it("signup → login → me over HTTP with the bearer token, and over WebSocket with connectionParams", async () => {
    const anonymous = createPulseClient({ url: ctx.url });
    await anonymous.trpc.auth.signup.mutate({ username: "alice", password: "correct horse battery" });
    const { token, user } = await anonymous.trpc.auth.login.mutate({
      username: "alice",
      password: "correct horse battery",
    });
    anonymous.close();

    const overHttp = createPulseClient({ url: ctx.url, token });
    expect(await overHttp.trpc.auth.me.query()).toEqual(user);
    overHttp.close();

    const overWs = wsOnlyClient(ctx.url, { token });
    expect(await overWs.trpc.auth.me.query()).toEqual(user);
    await overWs.close();
  });

  it("me() without a token is UNAUTHORIZED over HTTP (401) and over WebSocket", async () => {
    const response = await fetch(`${ctx.url}/trpc/auth.me`);
    expect(response.status).toBe(401);
    const anonymousWs = wsOnlyClient(ctx.url);
    expect((await errorOf(anonymousWs.trpc.auth.me.query())).data?.code).toBe("UNAUTHORIZED");
    // The anonymous socket stays open (no reconnect loop) and still serves public procedures.
    expect((await errorOf(anonymousWs.trpc.auth.login.mutate({ username: "ghost", password: "x" }))).data?.code).toBe(
      "UNAUTHORIZED",
    );
    expect(anonymousWs.closes).toEqual([]);
    await anonymousWs.close();
  });

  it("logout makes the token UNAUTHORIZED and closes that session's open sockets only", async () => {
    const anonymous = createPulseClient({ url: ctx.url });
    await anonymous.trpc.auth.signup.mutate({ username: "bob", password: "correct horse battery" });
    const first = await anonymous.trpc.auth.login.mutate({ username: "bob", password: "correct horse battery" });
    const second = await anonymous.trpc.auth.login.mutate({ username: "bob", password: "correct horse battery" });
    anonymous.close();

    const tabA = wsOnlyClient(ctx.url, { token: first.token });
    const tabB = wsOnlyClient(ctx.url, { token: first.token });
    const otherDevice = wsOnlyClient(ctx.url, { token: second.token });
    await Promise.all([tabA.trpc.auth.me.query(), tabB.trpc.auth.me.query(), otherDevice.trpc.auth.me.query()]);

    const bob = createPulseClient({ url: ctx.url, token: first.token });
    expect(await bob.trpc.auth.logout.mutate()).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(tabA.closes).toEqual([SESSION_ENDED_CLOSE_CODE]);
      expect(tabB.closes).toEqual([SESSION_ENDED_CLOSE_CODE]);
    });
    expect((await errorOf(bob.trpc.auth.me.query())).data?.code).toBe("UNAUTHORIZED");
    expect(otherDevice.closes).toEqual([]);
    expect((await otherDevice.trpc.auth.me.query()).username).toBe("bob");
    for (const client of [bob, tabA, tabB, otherDevice]) client.close();
  });

  it("browser flow: login sets an HttpOnly cookie that authenticates HTTP and a same-origin WebSocket", async () => {
    await createPulseClient({ url: ctx.url }).trpc.auth.signup.mutate({
      username: "carol",
      password: "correct horse battery",
    });
    const login = await fetch(`${ctx.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "carol", password: "correct horse battery" }),
    });
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(";")[0] ?? "";

    const me = await fetch(`${ctx.url}/trpc/auth.me`, { headers: { cookie } });
    expect((await readTrpcBody<{ username: string }>(me)).result?.data.username).toBe("carol");

    const browserTab = wsOnlyClient(ctx.url, { headers: { cookie, origin: ctx.url } });
    expect((await browserTab.trpc.auth.me.query()).username).toBe("carol");
    await browserTab.close();
  });

  it("refuses a WebSocket upgrade from a foreign Origin with 403 and unknown paths with 404", async () => {
    expect(await upgradeStatus(ctx.url, { origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(ctx.url, { origin: ctx.url.replace("http:", "https:") })).toBe(403);
    expect(await upgradeStatus(ctx.url, { origin: "http://localhost:5173" })).toBe(101);
    expect(await upgradeStatus(ctx.url, { origin: ctx.url })).toBe(101);
    expect(await upgradeStatus(ctx.url, {})).toBe(101);
    expect(await upgradeStatus(ctx.url, {}, "/elsewhere")).toBe(404);
  });

  it("answers user errors with 4xx and a message naming the field, never a 500", async () => {
    const post = (path: string, body: string) =>
      fetch(`${ctx.url}/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const cases: Array<[string, string, number, RegExp]> = [
      ["auth.signup", JSON.stringify({ username: "x".repeat(10_000), password: "0123456789" }), 400, /username/],
      ["auth.signup", JSON.stringify({ username: "dora", password: "short" }), 400, /password/],
      ["auth.signup", JSON.stringify({ username: ["a"], password: {} }), 400, /username/],
      ["auth.signup", JSON.stringify({}), 400, /username/],
      ["auth.signup", "{not json", 400, /./],
      ["auth.nope", "{}", 404, /No procedure found/],
      ["auth.signup", JSON.stringify({ username: "big", password: "x".repeat(100_000) }), 413, /./],
    ];
    for (const [path, body, status, message] of cases) {
      const response = await post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect((await readTrpcBody(response)).error?.message).toMatch(message);
    }
  });
});

describe("graceful shutdown", () => {
  it("tells connected WebSocket clients to reconnect, then closes them with 1012 and stops", async () => {
    const ctx = await startTestServer("pglite");
    const socket = new WebSocket(`${ctx.url.replace(/^http/, "ws")}/trpc`);
    const messages: string[] = [];
    socket.on("message", (data) => messages.push(data.toString()));
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.on("open", resolve));

    await ctx.close();
    expect(messages.map((message) => JSON.parse(message))).toContainEqual({ id: null, method: "reconnect" });
    expect(await closed).toBe(1012);
    await expect(fetch(`${ctx.url}/healthz`)).rejects.toThrow();
  });
});
