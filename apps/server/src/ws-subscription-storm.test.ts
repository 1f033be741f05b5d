import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 60_000, interval: 20 };

/** The streams a client of the web app opens, each with its own database work at start. */
const streams: Array<[string, unknown]> = [
  ["notification.onNew", { lastEventId: "0" }],
  ["feed.onNew", { lastEventId: "0" }],
  ["match.onResult", { lastEventId: "0" }],
  ["notification.onUnreadCount", undefined],
  ["trending.onUpdate", undefined],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Round trips of auth.me on the bystander's own socket, one after another, until `until` says stop. */
async function roundTrips(client: RawClient, until: () => boolean, atLeast: number): Promise<number[]> {
  const times: number[] = [];
  while (times.length < atLeast || !until()) {
    const started = performance.now();
    const reply = await client.call("query", "auth.me");
    times.push(performance.now() - started);
    expect(reply.result).toBeDefined();
  }
  return times;
}

describe("a storm of subscription starts", () => {
  let ctx: TestServer;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    ctx = await startTestServer("pglite");
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });

  it("15 users starting 750 subscriptions at once do not stall a bystander", async () => {
    const users = await Promise.all(Array.from({ length: 15 }, (_, index) => signUp(ctx.url, `storm_${index}`)));
    const sockets = await Promise.all(users.map(({ token }) => connectRaw(ctx.url, { token })));
    clients.push(...sockets);
    const bystander = await connectRaw(ctx.url, { token: (await signUp(ctx.url, "bystander")).token });
    clients.push(bystander);
    for (const socket of [...sockets, bystander]) expect((await socket.call("query", "auth.me")).result).toBeDefined();

    const baseline = await roundTrips(bystander, () => true, 30);
    const ids = sockets.map((socket) =>
      Array.from({ length: 50 }, (_, index) => {
        const [path, input] = streams[index % streams.length] as [string, unknown];
        return socket.request("subscription", path, input);
      }),
    );
    const answered = () =>
      sockets.every((socket, index) =>
        ids[index]?.every((id) =>
          socket.messages.some((m) => m.id === id && (m.result?.type === "started" || m.error)),
        ),
      );
    const during = await roundTrips(bystander, answered, 5);
    await vi.waitFor(() => expect(answered()).toBe(true), waitLong);

    const started = sockets.flatMap((socket, index) =>
      (ids[index] ?? []).filter((id) => socket.messages.some((m) => m.id === id && m.result?.type === "started")),
    );
    expect(started).toHaveLength(750);
    const ratio = Math.max(...during) / median(baseline);
    console.info(
      `bystander auth.me: baseline median ${median(baseline).toFixed(2)} ms; during the storm median ${median(during).toFixed(2)} ms, max ${Math.max(...during).toFixed(2)} ms (${during.length} round trips); max/baseline ${ratio.toFixed(1)}`,
    );
    expect(ratio).toBeLessThan(100);
  }, 120_000);

  it("refuses one user's starts beyond SUBSCRIPTIONS_PER_USER_PER_MINUTE with TOO_MANY_REQUESTS", async () => {
    const { token } = await signUp(ctx.url, "hoarder");
    // 7 sockets × 50 slots: room for 350 subscriptions, but the default budget is 300 starts a minute.
    const sockets = await Promise.all(Array.from({ length: 7 }, () => connectRaw(ctx.url, { token })));
    clients.push(...sockets);
    const ids = sockets.map((socket) =>
      Array.from({ length: 50 }, () => socket.request("subscription", "notification.onUnreadCount")),
    );
    const replies = () =>
      sockets.flatMap((socket, index) =>
        (ids[index] ?? []).flatMap((id) => {
          const reply = socket.messages.find((m) => m.id === id && (m.result?.type === "started" || m.error));
          return reply ? [reply] : [];
        }),
      );
    await vi.waitFor(() => expect(replies()).toHaveLength(350), waitLong);
    const refused = replies().filter((reply) => reply.error);
    expect(replies().filter((reply) => reply.result?.type === "started")).toHaveLength(300);
    expect(refused).toHaveLength(50);
    for (const reply of refused) {
      expect(reply.error?.data?.code).toBe("TOO_MANY_REQUESTS");
      expect(reply.error?.message).toMatch(/^Too many subscriptions started in a short time; retry in \d+ s$/);
    }
  }, 120_000);
});
