import type { AppRouter } from "@pulse/api";
import { parseConfig } from "@pulse/config";
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer } from "./testing";
import { wsLimitsFrom } from "./ws-limits";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 10_000, interval: 20 };

describe("batch cap over WebSocket", () => {
  let ctx: TestServer;
  let token: string;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    // The socket's cap is the larger of the two (see wsLimitsFrom): 5 here.
    ctx = await startTestServer("pglite", { TRPC_MAX_BATCH_SIZE: "5", WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "3" });
    ({ token } = await signUp(ctx.url, "batcher"));
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.close();
  });

  const tweets = (count: number, from = 1) =>
    Array.from({ length: count }, (_, index) => ({
      // Not numbers: RawClient numbers its own calls.
      id: `tweet-${from + index}`,
      method: "mutation",
      params: { path: "tweet.create", input: { content: `batched ${from + index}` } },
    }));

  it("answers each call of a batch over the cap with one BAD_REQUEST, runs none of it, and keeps the socket", async () => {
    const client = await connectRaw(ctx.url, { token });
    clients.push(client);
    client.send(tweets(6));
    await vi.waitFor(() => expect(client.messages.length).toBe(6), waitLong);
    expect(client.messages.map((m) => m.id)).toEqual([
      "tweet-1",
      "tweet-2",
      "tweet-3",
      "tweet-4",
      "tweet-5",
      "tweet-6",
    ]);
    for (const message of client.messages) {
      expect(message.error?.message).toBe("Batch of 6 calls refused: at most 5 per frame; none ran");
      expect(message.error?.data?.code).toBe("BAD_REQUEST");
      expect(message.error?.data?.httpStatus).toBe(400);
    }

    // A batch at the cap runs whole; the refused one wrote nothing.
    client.send(tweets(5, 7));
    await vi.waitFor(() => expect(client.messages.filter((m) => m.result).length).toBe(5), waitLong);
    const me = (await client.call("query", "auth.me")).result?.data as { id: string };
    const written = await client.call("query", "tweet.byUser", { userId: me.id });
    const page = written.result?.data as { items: { content: string }[] } | undefined;
    const contents = page?.items.map((tweet) => tweet.content) ?? [];
    expect(contents.sort()).toEqual(["batched 10", "batched 11", "batched 7", "batched 8", "batched 9"]);
    expect(client.isOpen).toBe(true);
  });

  it("surfaces the refusal in @trpc/client as a BAD_REQUEST error of every call of that frame", async () => {
    const wsClient = createWSClient({
      url: `${ctx.url.replace(/^http/, "ws")}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token },
    });
    const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    try {
      // Queued in one tick, so wsLink sends them as one frame.
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => trpc.auth.me.query()));
      for (const outcome of outcomes) {
        expect(outcome.status).toBe("rejected");
        const reason = outcome.status === "rejected" ? outcome.reason : undefined;
        expect(reason).toBeInstanceOf(TRPCClientError);
        expect((reason as TRPCClientError<AppRouter>).data?.code).toBe("BAD_REQUEST");
      }
      const fits = await Promise.all(Array.from({ length: 5 }, () => trpc.auth.me.query()));
      expect(fits.map((user) => user.username)).toEqual(Array(5).fill("batcher"));
    } finally {
      await wsClient.close();
    }
  });

  it("answers a batch over the cap without call ids once, with id null", async () => {
    const client = await connectRaw(ctx.url, { token });
    clients.push(client);
    client.send([1, 2, 3, 4, 5, 6]);
    await vi.waitFor(() => expect(client.messages.length).toBe(1), waitLong);
    expect(client.messages[0]?.id).toBeNull();
    expect(client.messages[0]?.error?.data?.code).toBe("BAD_REQUEST");
  });

  it("defaults to TRPC_MAX_BATCH_SIZE, raised to the subscriptions a socket may hold (wsLink resubscribes in one frame)", () => {
    expect(wsLimitsFrom(parseConfig({})).maxBatchSize).toBe(50);
    const config = parseConfig({ TRPC_MAX_BATCH_SIZE: "80", WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "10" });
    expect(wsLimitsFrom(config).maxBatchSize).toBe(80);
  });
});
