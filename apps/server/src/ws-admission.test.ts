import { parseConfig } from "@pulse/config";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 15_000, interval: 20 };

/** Opens a plain (anonymous) socket from the given loopback address: the socket, or the refused upgrade's status. */
function upgrade(baseUrl: string, localAddress: string): Promise<WebSocket | number> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/trpc`, { localAddress });
  socket.on("error", () => {});
  return new Promise((resolve) => {
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
  });
}

function opened(outcomes: (WebSocket | number)[]): WebSocket[] {
  return outcomes.filter((outcome): outcome is WebSocket => typeof outcome !== "number");
}

describe("anonymous sockets per address and per instance", () => {
  let ctx: TestServer;
  const sockets: WebSocket[] = [];
  const clients: RawClient[] = [];
  beforeAll(async () => {
    ctx = await startTestServer("pglite", {
      WS_MAX_ANONYMOUS_PER_IP: "3",
      WS_MAX_ANONYMOUS_CONNECTIONS: "5",
      WS_AUTH_DEADLINE_MS: "60000",
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    for (const client of clients) client.close();
    await ctx.close();
  });

  async function open(localAddress: string): Promise<WebSocket | number> {
    const outcome = await upgrade(ctx.url, localAddress);
    if (typeof outcome !== "number") sockets.push(outcome);
    return outcome;
  }

  it("refuses the upgrade over the per-address cap with 429; authenticating or closing frees a place", async () => {
    const { token } = await signUp(ctx.url, "admitted");
    const first = [await open("127.0.0.1"), await open("127.0.0.1"), await open("127.0.0.1")];
    expect(opened(first)).toHaveLength(3);
    expect(await open("127.0.0.1")).toBe(429);
    // Another address is not affected.
    expect(typeof (await open("127.0.0.2"))).not.toBe("number");

    // A closed socket gives its place back; one that authenticates stops counting as anonymous.
    const closing = opened(first)[0];
    closing?.close();
    await new Promise((resolve) => closing?.once("close", resolve));
    // The member's socket is anonymous until its token resolves: it takes the freed place, then leaves it.
    const member = await vi.waitFor(() => connectRaw(ctx.url, { token }), waitLong);
    clients.push(member);
    expect((await member.call("query", "auth.me")).result).toBeDefined();
    expect(typeof (await open("127.0.0.1"))).not.toBe("number");
    expect(await open("127.0.0.1")).toBe(429);
  });

  it("refuses the upgrade with 503 once the instance holds WS_MAX_ANONYMOUS_CONNECTIONS anonymous sockets", async () => {
    // 3 from 127.0.0.1 and 1 from 127.0.0.2 are held; one more from a third address fills the instance.
    expect(typeof (await open("127.0.0.3"))).not.toBe("number");
    expect(await open("127.0.0.4")).toBe(503);
    for (const socket of sockets.splice(0)) socket.terminate();
    await vi.waitFor(async () => expect(typeof (await open("127.0.0.4"))).not.toBe("number"), waitLong);
  });
});

describe("anonymous sockets with the default caps", () => {
  let ctx: TestServer;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    ctx = await startTestServer("pglite");
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await ctx.close();
  });

  it("holds WS_MAX_ANONYMOUS_PER_IP from one address however many it opens at once", async () => {
    const cap = parseConfig({}).WS_MAX_ANONYMOUS_PER_IP;
    const outcomes = await Promise.all(Array.from({ length: cap + 50 }, () => upgrade(ctx.url, "127.0.0.5")));
    sockets.push(...opened(outcomes));
    // Before the cap every one was accepted (1 500 in the attack).
    expect(opened(outcomes)).toHaveLength(cap);
    expect(outcomes.filter((outcome) => outcome === 429)).toHaveLength(50);
  });
});
