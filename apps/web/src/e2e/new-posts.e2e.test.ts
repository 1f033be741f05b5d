import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  saveDocsScreenshot,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
} from "./harness";

describe("new posts from people I follow", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
    carol = await signUp(server.url, "carol", "Carol Danvers");
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });
    // Two earlier posts, fanned out to bob's feed before he opens it.
    for (const content of ["Morning run done. #running feels great", "Reading about #webgpu compute shaders today"]) {
      const tweet = await alice.client.trpc.tweet.create.mutate({ content });
      await carol.client.trpc.engagement.like.mutate({ tweetId: tweet.id });
    }
    await vi.waitFor(async () => expect((await bob.client.trpc.feed.list.query({ limit: 10 })).items).toHaveLength(2), {
      timeout: 15_000,
      interval: 100,
    });
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await carol?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("alice posts → bob sees '1 new post' without the feed moving, and shows it on request", async () => {
    const { page: bobPage } = await openAs(browser, server.url, bob);
    const bobPosts = bobPage.getByRole("list", { name: "Your feed" }).locator("article");
    await eventually(() => bobPosts.count()).toBe(2);
    expect(await bobPosts.first().textContent()).toContain("#webgpu");

    const { page: alicePage } = await openAs(browser, server.url, alice);
    await eventually(() => alicePage.getByRole("list", { name: "Your feed" }).locator("article").count()).toBe(2);
    await alicePage.getByLabel("Write a post").fill("Launch day! #pulse is live — thanks @bob for testing");
    await alicePage.getByRole("button", { name: "Post", exact: true }).click();

    // Bob: buffered behind a banner, not inserted under his eyes.
    const banner = bobPage.getByRole("button", { name: "Show 1 new post" });
    await eventually(() => banner.isVisible()).toBe(true);
    expect(await bobPosts.count()).toBe(2);
    await saveDocsScreenshot(bobPage, "home");

    await banner.click();
    await eventually(() => bobPosts.count()).toBe(3);
    expect(await bobPosts.first().textContent()).toContain("Launch day!");
    expect(await banner.count()).toBe(0);
    // Focus moved to the newest post instead of being lost with the banner.
    expect(await bobPage.evaluate(() => document.activeElement?.tagName)).toBe("ARTICLE");

    // Alice: her own post shows once — at once from the create answer, not again from her feed stream.
    const alicePosts = alicePage.getByRole("list", { name: "Your feed" }).locator("article");
    await eventually(() => alicePosts.count()).toBe(3);
    expect(await alicePosts.first().textContent()).toContain("Launch day!");
    expect(await alicePage.getByRole("button", { name: /new post/ }).count()).toBe(0);
    expect(await alicePage.getByLabel("Write a post").inputValue()).toBe("");
  }, 120_000);

  it("is usable at 375 px: no horizontal scrolling, every nav item reachable", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    await page.setViewportSize({ width: 375, height: 800 });
    await eventually(() => page.getByRole("list", { name: "Your feed" }).locator("article").count()).toBe(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    for (const name of ["Home", "Notifications", "Match", "Profile", "Stats"]) {
      expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).isVisible()).toBe(true);
    }
    // Keyboard: Tab reaches the composer; every control there has a visible focus ring (outline).
    await page.getByLabel("Write a post").focus();
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe(
      "none",
    );
    await context.close();
  }, 60_000);
});
