import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  SCREEN,
  saveDocsScreenshot,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
  unreadBadge,
} from "./harness";

/** Grouped rows with a preview, the badge cleared by opening the screen, retractions live, a kind switched off. */
describe("notifications as users know them", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let fans: TestUser[];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    fans = [
      await signUp(server.url, "bob", "Bob Marley"),
      await signUp(server.url, "carol", "Carol Danvers"),
      await signUp(server.url, "dave", "Dave Grohl"),
      await signUp(server.url, "erin", "Erin Brockovich"),
    ];
  }, 120_000);

  afterAll(async () => {
    for (const user of [alice, ...(fans ?? [])]) await user?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  const row = (page: Page, key: string) => page.locator(`.notification[data-key="${key}"]`);

  it("groups per post and kind with a preview, clears the badge on opening, and retracts undone actions live", async () => {
    const [bob, carol, dave] = fans;
    if (!bob || !carol || !dave) throw new Error("fans missing");
    const post = await alice.client.trpc.tweet.create.mutate({ content: "Shipping the notification center today" });
    for (const fan of [bob, carol, dave]) await fan.client.trpc.engagement.like.mutate({ tweetId: post.id });
    for (const fan of [bob, carol]) await fan.client.trpc.user.follow.mutate({ userId: alice.id });

    // Two tabs at Home both show the badge.
    const { context, page } = await openAs(browser, server.url, alice, "#/");
    const other = await context.newPage();
    await other.goto(`${server.url}/#/`);
    await eventually(() => unreadBadge(page)).toBe("5");
    await eventually(() => unreadBadge(other)).toBe("5");

    // Opening Notifications in one tab clears the badge in both (the seen marker is the server's).
    await page.getByRole("link", { name: /^Notifications/ }).click();
    const likes = row(page, `LIKE:${post.id}`);
    await eventually(() => likes.locator(".notification-link").textContent()).toBe(
      "Unread: Dave Grohl and 2 others liked your post",
    );
    expect(await likes.locator(".notification-preview").textContent()).toBe("Shipping the notification center today");
    const follows = row(page, "FOLLOW:-");
    expect(await follows.locator(".notification-link").textContent()).toBe(
      "Unread: Carol Danvers and Bob Marley followed you",
    );
    expect(await page.locator(".notification").count()).toBe(2);
    await eventually(() => unreadBadge(page)).toBeNull();
    await eventually(() => unreadBadge(other)).toBeNull();
    // Seen is not read: the rows stay unread until marked.
    expect(await page.locator(".notification-unread").count()).toBe(2);
    await saveDocsScreenshot(page, "notifications-grouped");
    await page.setViewportSize({ width: 375, height: 800 });
    await saveDocsScreenshot(page, "notifications-grouped-375");
    await page.setViewportSize(SCREEN);

    // Undone actions leave the open list live: the group shrinks, then goes.
    await dave.client.trpc.engagement.unlike.mutate({ tweetId: post.id });
    await eventually(() => likes.locator(".notification-link").textContent()).toBe(
      "Unread: Carol Danvers and Bob Marley liked your post",
    );
    await bob.client.trpc.user.unfollow.mutate({ userId: alice.id });
    await eventually(() => follows.locator(".notification-link").textContent()).toBe(
      "Unread: Carol Danvers @carol followed you",
    );
    await carol.client.trpc.user.unfollow.mutate({ userId: alice.id });
    await eventually(() => follows.count()).toBe(0);
    // What arrives while the list is open counts as seen too: the other tab's badge stays clear.
    await dave.client.trpc.engagement.retweet.mutate({ tweetId: post.id });
    await eventually(() => row(page, `RETWEET:${post.id}`).count()).toBe(1);
    await eventually(() => unreadBadge(other)).toBeNull();
    expect(await page.locator(".notification").count()).toBe(2);
    await context.close();
  }, 120_000);

  it("stops a kind switched off in Settings, and shows the others", async () => {
    const [, , , erin] = fans;
    if (!erin) throw new Error("erin missing");
    const post = await alice.client.trpc.tweet.create.mutate({ content: "Quiet likes please" });
    const { context, page } = await openAs(browser, server.url, alice, "#/notifications");
    await page.getByRole("button", { name: "Settings" }).click();
    const likesSwitch = page.getByRole("checkbox", { name: "Likes of my posts" });
    expect(await likesSwitch.isChecked()).toBe(true);
    await likesSwitch.click();
    await eventually(() => alice.client.trpc.notification.preferences.query().then((kinds) => kinds.LIKE)).toBe(false);
    expect(await likesSwitch.isChecked()).toBe(false);
    // Focus stays on the switch after it changed.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("checkbox");

    await erin.client.trpc.engagement.like.mutate({ tweetId: post.id });
    // The end marker: erin's follow comes after her like on the same ordered stream.
    await erin.client.trpc.user.follow.mutate({ userId: alice.id });
    await eventually(() => row(page, "FOLLOW:-").locator(".notification-link").textContent()).toBe(
      "Unread: Erin Brockovich @erin followed you",
    );
    expect(await row(page, `LIKE:${post.id}`).count()).toBe(0);
    const stored = await alice.client.trpc.notification.list.query({ limit: 5 });
    expect(stored.items.filter((item) => item.tweetId === post.id)).toEqual([]);

    // Switched back on, the next like shows.
    await likesSwitch.click();
    await eventually(() => alice.client.trpc.notification.preferences.query().then((kinds) => kinds.LIKE)).toBe(true);
    await erin.client.trpc.engagement.unlike.mutate({ tweetId: post.id });
    await erin.client.trpc.engagement.like.mutate({ tweetId: post.id });
    await eventually(() => row(page, `LIKE:${post.id}`).locator(".notification-preview").textContent()).toBe(
      "Quiet likes please",
    );
    await context.close();
  }, 120_000);
  it("keeps what arrives while a mark-read fails, and puts back only that mark", async () => {
    const [bob] = fans;
    if (!bob) throw new Error("bob missing");
    const post = await alice.client.trpc.tweet.create.mutate({ content: "Mark me read if you can" });
    await bob.client.trpc.engagement.like.mutate({ tweetId: post.id });
    const { context, page } = await openAs(browser, server.url, alice, "#/notifications");
    const likes = row(page, `LIKE:${post.id}`);
    const follows = row(page, "FOLLOW:-");
    await eventually(() => likes.locator(".notification-link").textContent()).toBe(
      "Unread: Bob Marley @bob liked your post",
    );

    // Mutations travel over HTTP (only subscriptions use the WebSocket), so the browser can hold this mark-read
    // request and then fail it as if Pulse were unreachable.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    await page.route("**/trpc/*notification.markRead*", async (route) => {
      held++;
      await released;
      await route.abort("connectionrefused");
    });
    await likes.getByRole("button", { name: /^Mark read/ }).click();
    await eventually(() => likes.getAttribute("class")).toBe("notification");
    await eventually(() => held).toBe(1);

    // While it is on its way, a new follower arrives live (the follow group is refetched and shows them)…
    const frank = await signUp(server.url, "frank", "Frank Ocean");
    await frank.client.trpc.user.follow.mutate({ userId: alice.id });
    await eventually(() => follows.locator(".notification-link").textContent()).toMatch(/^Unread: Frank Ocean/);
    // …and the like stays shown as read meanwhile.
    expect(await likes.getAttribute("class")).toBe("notification");

    // From now on the groups cannot be fetched again either: what shows after the failure is the cache's rollback.
    await page.route("**/trpc/*notification.groups*", (route) => route.abort("connectionrefused"));
    release();
    await eventually(() => page.locator(".form-error").textContent()).toMatch(/Could not mark as read/);
    // Only the mark went back: the like is unread again, and the follower who arrived meanwhile is still listed.
    await eventually(() => likes.locator(".notification-link").textContent()).toBe(
      "Unread: Bob Marley @bob liked your post",
    );
    expect(await follows.locator(".notification-link").textContent()).toMatch(/^Unread: Frank Ocean/);
    await frank.client.close();
    await context.close();
  }, 120_000);
});
