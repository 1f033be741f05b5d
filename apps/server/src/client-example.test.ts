import { createPulseClient } from "@pulse/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningProcess, runFromRepoRoot, startTestServer, stopServerProcess, type TestServer } from "./testing";

describe("the client package's example service (tail-notifications)", () => {
  let ctx: TestServer;
  let tail: RunningProcess | undefined;
  beforeAll(async () => {
    ctx = await startTestServer("pglite");
  });
  afterAll(async () => {
    if (tail) await stopServerProcess(tail);
    await ctx.close();
  });

  it("prints each notification once, as it happens", async () => {
    const anonymous = createPulseClient({ url: ctx.url });
    const alice = await anonymous.trpc.auth.signup.mutate({ username: "alice", password: "correct horse battery" });
    const bob = await anonymous.trpc.auth.signup.mutate({ username: "bob", password: "correct horse battery" });
    tail = runFromRepoRoot(
      ["node", "--import", "tsx", "packages/client/examples/tail-notifications.ts", ctx.url, bob.token],
      {},
    );
    await vi.waitFor(() => expect(tail?.stderr()).toContain("[connection] pending"), { timeout: 20_000 });

    const aliceClient = createPulseClient({ url: ctx.url, token: alice.token });
    await aliceClient.trpc.tweet.create.mutate({ content: "hi @bob" });
    await aliceClient.trpc.user.follow.mutate({ userId: bob.user.id });
    await vi.waitFor(() => {
      const lines = tail?.stdout().trim().split("\n") ?? [];
      expect(lines).toEqual(["MENTION from @alice (#1)", "FOLLOW from @alice (#2)"]);
    });
    anonymous.close();
    aliceClient.close();
  }, 40_000);
});
