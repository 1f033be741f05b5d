import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 10_000, interval: 20 };

describe("a subscription frame re-sent with a live id", () => {
  let ctx: TestServer;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    ctx = await startTestServer("pglite", { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "50" });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });

  it("is refused as a duplicate and holds no slot: 60 of them leave the socket able to subscribe", async () => {
    const { token } = await signUp(ctx.url, "duplicator");
    const client = await connectRaw(ctx.url, { token });
    clients.push(client);
    const live = await client.subscribe("notification.onUnreadCount");
    const frame = { id: live, method: "subscription", params: { path: "notification.onUnreadCount" } };
    // One after another: 60 starts at once would also meet the cap while they are in flight, duplicate or not.
    for (let i = 0; i < 60; i++) {
      const before = client.messages.length;
      client.send(frame);
      const refused = await vi.waitFor(() => {
        const reply = client.messages.slice(before).find((m) => m.id === live && m.error);
        if (!reply) throw new Error("no reply yet");
        return reply;
      }, waitLong);
      expect(refused.error?.data?.code).toBe("BAD_REQUEST");
      expect(refused.error?.message).toBe(`Duplicate id ${live}`);
    }
    const [guard] = ctx.server.connections.connections();
    // Only the live subscription holds a slot (before the fix: 50, the cap, after 49 duplicates).
    await vi.waitFor(() => expect(guard?.slots.activeSubscriptions).toBe(1), waitLong);

    const fresh = await client.subscribe("notification.onUnreadCount");
    await vi.waitFor(() => expect(client.dataOf(fresh)).toEqual([{ unread: 0 }]), waitLong);
    // The original subscription still streams and still stops cleanly.
    expect(client.dataOf(live)).toEqual([{ unread: 0 }]);
    client.send({ id: live, method: "subscription.stop" });
    client.send({ id: fresh, method: "subscription.stop" });
    await vi.waitFor(() => expect(guard?.slots.activeSubscriptions).toBe(0), waitLong);
  });
});
