import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectionState,
  countOf,
  type E2eServer,
  eventually,
  freePort,
  launchChromium,
  openAs,
  restartE2eServer,
  screenshotDir,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
  unreadBadge,
} from "./harness";

describe("server restart", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    // An explicit port: the restarted server must come back where the page expects it.
    server = await startE2eServer({ PORT: String(await freePort()) });
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("shows reconnecting, resumes, and delivers a notification created during the outage exactly once", async () => {
    const tweet = await alice.client.trpc.tweet.create.mutate({ content: "Will this survive a restart? #ops" });
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });

    const { context, page } = await openAs(browser, server.url, alice, "#/notifications");
    // What the page's sockets send and receive, to check the resume on the wire.
    const sent: string[] = [];
    const received: string[] = [];
    page.on("websocket", (socket) => {
      socket.on("framesent", (frame) => sent.push(String(frame.payload)));
      socket.on("framereceived", (frame) => received.push(String(frame.payload)));
    });
    const items = page.locator(".notification");
    // Before the outage: one notification (the follow), delivered live or listed.
    await eventually(() => items.count()).toBe(1);
    await eventually(() => connectionState(page)).toBe("connected");
    // The open Notifications screen marks what it shows as seen: the badge stays clear, server-side too.
    await eventually(() => alice.client.trpc.notification.unreadCount.query()).toBe(0);
    await eventually(() => unreadBadge(page)).toBeNull();
    await page.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });

    // The server goes away (graceful stop: it asks clients to reconnect, then closes).
    const restarting = restartE2eServer(server);
    await eventually(() => page.locator(".connection").textContent()).toMatch(/Reconnecting/);
    await page.screenshot({ path: `${screenshotDir}/reconnecting.png` });
    // Keep the page away from the network until the notification exists, so it can only arrive as a replay.
    await context.setOffline(true);
    await eventually(() => connectionState(page)).toBe("offline");
    server = await restarting;
    sent.length = 0;

    // During the outage (for the page), bob likes alice's post: one more notification in the database.
    await bob.client.trpc.engagement.like.mutate({ tweetId: tweet.id });

    await context.setOffline(false);
    await eventually(() => connectionState(page)).toBe("connected");
    await eventually(() => items.count()).toBe(2);
    // The replayed like reached the open screen, which marked it seen.
    await eventually(() => alice.client.trpc.notification.unreadCount.query()).toBe(0);
    const texts = await items.allTextContents();
    expect(texts.filter((text) => text.includes("liked your post"))).toHaveLength(1);
    expect(texts.filter((text) => text.includes("followed you"))).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // It came as a replay: the page resubscribed after the follow (seq 1), and got the like (seq 2) once.
    type Sent = { method?: string; params?: { path?: string; lastEventId?: string; input?: { lastEventId?: string } } };
    const resubscribed = sent
      .flatMap((frame) => (frame.startsWith("[") || frame.startsWith("{") ? [JSON.parse(frame) as Sent | Sent[]] : []))
      .flat()
      .filter((message) => message.method === "subscription" && message.params?.path === "notification.onNew");
    expect(resubscribed.map((message) => message.params?.lastEventId ?? message.params?.input?.lastEventId)).toEqual([
      "1",
    ]);
    expect(received.filter((frame) => frame.includes('"id":"2"') && frame.includes('"kind":"LIKE"'))).toHaveLength(1);

    // Still live after the restart: a new notification arrives once as well.
    const carol = await signUp(server.url, "carol", "Carol Danvers");
    await carol.client.trpc.user.follow.mutate({ userId: alice.id });
    // Follows are one group: "Carol Danvers and Bob Marley followed you".
    await eventually(() => items.filter({ hasText: "Carol Danvers" }).count()).toBe(1);
    expect(await items.count()).toBe(2);
    await carol.client.close();
    await context.close();
  }, 120_000);

  it("clears the 'could not reach Pulse' errors of a failed like and a failed post once it is reachable again", async () => {
    const tweet = await alice.client.trpc.tweet.create.mutate({ content: "Like me when the network is back" });
    const { context, page } = await openAs(browser, server.url, alice, "#/");
    const card = page.locator(`article[data-tweet-id="${tweet.id}"]`);
    await card.waitFor();
    await eventually(() => connectionState(page)).toBe("connected");

    // A post whose request cannot reach Pulse (the browser itself still online: react-query would otherwise hold the
    // mutation until it is back) fails with the network message.
    const composer = page.locator("form.composer");
    await page.route("**/trpc/tweet.create**", (route) => route.abort("connectionrefused"));
    await composer.locator("textarea").fill("Written while Pulse was away");
    await composer.getByRole("button", { name: "Post", exact: true }).click();
    await eventually(() => composer.locator(".form-error").textContent()).toMatch(/was not sent/);
    await page.unroute("**/trpc/tweet.create**");

    await context.setOffline(true);
    await eventually(() => connectionState(page)).toBe("offline");
    await card.getByRole("button", { name: /^Like/ }).click();
    await eventually(() => card.locator(".post-error").textContent()).toMatch(/Could not like this post/);

    // Back online: the socket reconnects and both messages go, while the draft stays for a retry.
    await context.setOffline(false);
    await eventually(() => connectionState(page)).toBe("connected");
    await eventually(() => card.locator(".post-error").textContent()).toBe("");
    await eventually(() => composer.locator(".form-error").textContent()).toBe("");
    expect(await composer.locator("textarea").inputValue()).toBe("Written while Pulse was away");
    // And the retry works: the like goes through now.
    await card.getByRole("button", { name: /^Like/ }).click();
    await eventually(() => countOf(page, tweet.id, "Like")).toBe(1);
    await context.close();
  }, 120_000);
});
