import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
  unreadBadge,
} from "./harness";

/** Holds every HTTP request carrying `tweet.create` until `release` is called (or fails it when `fail` is set). */
async function holdCreates(page: Page, options: { fail?: boolean } = {}) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/trpc\/[^?]*tweet\.create/, async (route) => {
    await released;
    if (options.fail) await route.abort("connectionreset");
    else await route.continue();
  });
  return { release: () => release(), stop: () => page.unroute(/\/trpc\/[^?]*tweet\.create/) };
}

describe("timeline semantics in Chromium", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startE2eServer();
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

  async function myPostCount(): Promise<number> {
    return (await alice.client.trpc.tweet.byUser.query({ userId: alice.id })).items.length;
  }

  it("double-clicking Post publishes one post, shown at once and locked while sending", async () => {
    const { context, page } = await openAs(browser, server.url, alice);
    const box = page.getByLabel("Write a post");
    const posts = page.getByRole("list", { name: "Your feed" }).locator("article");
    // Home has loaded (her feed is empty: the welcome card), as a person sees it before writing.
    await eventually(() => page.getByRole("heading", { name: /^Welcome/ }).count()).toBe(1);
    const held = await holdCreates(page);
    await box.fill("First post, clicked twice");
    await page.getByRole("button", { name: "Post", exact: true }).dblclick();

    // Optimistic: on top before the server answered, marked as sending; the box and button are locked.
    await eventually(() => posts.first().getAttribute("data-sending")).toBe("true");
    expect(await posts.first().textContent()).toContain("First post, clicked twice");
    expect(await box.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByRole("button", { name: "Posting…" }).isDisabled()).toBe(true);
    await box.press("Control+Enter");

    held.release();
    await eventually(() => posts.first().getAttribute("data-sending")).toBe(null);
    await eventually(() => box.inputValue()).toBe("");
    expect(await posts.count()).toBe(1);
    expect(await myPostCount()).toBe(1);
    await held.stop();
    await context.close();
  }, 60_000);

  it("a failed send takes the post back, says so in plain words, and a retry publishes it once", async () => {
    const before = await myPostCount();
    const { context, page } = await openAs(browser, server.url, alice);
    const box = page.getByLabel("Write a post");
    const posts = page.getByRole("list", { name: "Your feed" }).locator("article");
    await eventually(() => posts.count()).toBe(before);
    const held = await holdCreates(page, { fail: true });
    await box.fill("This one fails first");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await eventually(() => posts.first().getAttribute("data-sending")).toBe("true");
    held.release();

    await eventually(() => page.getByText(/Your post was not sent\./).isVisible()).toBe(true);
    expect(await posts.count()).toBe(before);
    expect(await page.locator("[data-sending]").count()).toBe(0);
    expect(await box.inputValue()).toBe("This one fails first");

    await held.stop();
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await eventually(() => box.inputValue()).toBe("");
    await eventually(() => posts.count()).toBe(before + 1);
    expect(await posts.first().textContent()).toContain("This one fails first");
    expect(await myPostCount()).toBe(before + 1);
    await context.close();
  }, 60_000);

  it("deleting my post removes it from my feed and a follower's live; its reply stays under a placeholder", async () => {
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });
    const doomed = await alice.client.trpc.tweet.create.mutate({ content: "Typo-ridden post to delete" });
    await bob.client.trpc.tweet.create.mutate({ content: "Bob replies", replyToId: doomed.id });
    const { context: bobContext, page: bobPage } = await openAs(browser, server.url, bob);
    const bobCard = bobPage.locator(`article[data-tweet-id="${doomed.id}"]`);
    await eventually(() => bobCard.count()).toBe(1);
    expect(await bobCard.getByRole("button", { name: "Delete" }).count()).toBe(0);

    const { context, page } = await openAs(browser, server.url, alice);
    const card = page.locator(`article[data-tweet-id="${doomed.id}"]`);
    await eventually(() => card.count()).toBe(1);
    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await eventually(() => card.count()).toBe(0);
    // Bob's Home drops it without a reload, from his feed stream.
    await eventually(() => bobCard.count()).toBe(0);

    const replies = (await bob.client.trpc.tweet.byUser.query({ userId: bob.id })).items;
    await bobPage.goto(`${server.url}/#/post/${replies[0]?.id}`);
    await eventually(() => bobPage.getByRole("article", { name: "Deleted post" }).isVisible()).toBe(true);
    expect(await bobPage.getByText("Typo-ridden").count()).toBe(0);
    expect(await bobPage.getByText("Bob replies").count()).toBe(1);
    await bobContext.close();
    await context.close();
  }, 60_000);

  it("a post deleted while open elsewhere: the thread shows its tombstone, its notifications leave, without a reload", async () => {
    const erin = await signUp(server.url, "erin", "Erin Brockovich");
    const gus = await signUp(server.url, "gus", "Gus Grissom");
    try {
      const mention = await erin.client.trpc.tweet.create.mutate({ content: "@gus have a look at this" });
      // Gus has the post's thread open (a link in a notification, a shared URL), the mention counted on his badge.
      const { context, page } = await openAs(browser, server.url, gus, `#/post/${mention.id}`);
      const focused = page.locator(`article[data-tweet-id="${mention.id}"]`);
      await eventually(() => focused.getByText("have a look at this").count()).toBe(1);
      await eventually(() => unreadBadge(page)).toBe("1");

      await erin.client.trpc.tweet.delete.mutate({ tweetId: mention.id });
      // From the post's engagement stream: the tombstone replaces it; from his notification stream: the badge drops.
      await eventually(() => page.getByRole("article", { name: "Deleted post" }).count()).toBe(1);
      expect(await page.getByText("This post was deleted by its author.").count()).toBe(1);
      expect(await page.getByText("have a look at this").count()).toBe(0);
      expect(await focused.count()).toBe(0);
      await eventually(() => unreadBadge(page)).toBe(null);

      // A reply to Gus, its REPLY notification on his open Notifications screen; Erin deletes the reply.
      const post = await gus.client.trpc.tweet.create.mutate({ content: "Gus asks a question" });
      const reply = await erin.client.trpc.tweet.create.mutate({ content: "Erin's hasty answer", replyToId: post.id });
      await page.getByRole("link", { name: /^Notifications/ }).click();
      const row = page.locator(`.notification[data-key="REPLY:${reply.id}"]`);
      await eventually(() => row.locator(".notification-preview").textContent()).toBe("Erin's hasty answer");
      await erin.client.trpc.tweet.delete.mutate({ tweetId: reply.id });
      await eventually(() => row.count()).toBe(0);
      expect(await page.getByText("Erin's hasty answer").count()).toBe(0);
      expect((await gus.client.trpc.notification.list.query({})).items.map((item) => item.kind)).not.toContain("REPLY");
      await context.close();
    } finally {
      await erin.client.close();
      await gus.client.close();
    }
  }, 60_000);

  it("a repost by someone I follow shows in my feed as 'Reposted by …'", async () => {
    const carol = await signUp(server.url, "carol", "Carol Danvers");
    const dave = await signUp(server.url, "dave", "Dave Grohl");
    try {
      await dave.client.trpc.user.follow.mutate({ userId: carol.id });
      const post = await alice.client.trpc.tweet.create.mutate({ content: "Worth a repost #pulse" });
      await carol.client.trpc.engagement.retweet.mutate({ tweetId: post.id });
      const { context, page } = await openAs(browser, server.url, dave);
      const card = page.locator(`article[data-tweet-id="${post.id}"]`);
      await eventually(() => card.count()).toBe(1);
      expect(await card.getByTestId("reposted-by").textContent()).toContain("Reposted by Carol Danvers");
      await context.close();
    } finally {
      await carol.client.close();
      await dave.client.close();
    }
  }, 60_000);

  it("Bookmarks lists what I bookmarked, newest bookmark first, from the nav", async () => {
    const first = await alice.client.trpc.tweet.create.mutate({ content: "Bookmark me first" });
    const second = await alice.client.trpc.tweet.create.mutate({ content: "Bookmark me second" });
    const { context, page } = await openAs(browser, server.url, bob, `#/post/${first.id}`);
    await page.getByRole("heading", { name: "Thread" }).waitFor();
    const firstButton = page.locator(`article[data-tweet-id="${first.id}"]`).getByRole("button", { name: /^Bookmark/ });
    await firstButton.click();
    await eventually(() => firstButton.getAttribute("aria-pressed")).toBe("true");
    await page.goto(`${server.url}/#/post/${second.id}`);
    await page.getByRole("heading", { name: "Thread" }).waitFor();
    const secondButton = page
      .locator(`article[data-tweet-id="${second.id}"]`)
      .getByRole("button", { name: /^Bookmark/ });
    await secondButton.click();
    await eventually(() => secondButton.getAttribute("aria-pressed")).toBe("true");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bookmarks" }).click();
    await page.getByRole("heading", { name: "Bookmarks" }).waitFor();
    const saved = page.getByRole("list", { name: "Bookmarked posts" }).locator("article");
    await eventually(() => saved.count()).toBe(2);
    expect(await saved.nth(0).getAttribute("data-tweet-id")).toBe(second.id);
    expect(await saved.nth(1).getAttribute("data-tweet-id")).toBe(first.id);
    await context.close();
  }, 60_000);
});
