import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** Discovery as a user meets it: topics and trends open live topic pages, profiles, follower lists, who to follow. */
describe("discovery in Chromium", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startE2eServer({ TRENDING_INTERVAL_MS: "500" });
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
    await alice.client.trpc.profile.upsert.mutate({
      bio: "Growing tomatoes on a Berlin balcony.",
      interestTags: ["gardening", "tomatoes"],
      city: "Berlin",
      timezone: "Europe/Berlin",
    });
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });
    await alice.client.trpc.tweet.create.mutate({ content: "First seedlings are up #gardening" });
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("a #topic in a post opens its page, where a post by someone else arrives live", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    const feed = page.getByRole("list", { name: "Your feed" });
    await feed.getByRole("link", { name: "#gardening" }).first().click();
    await eventually(() => page.url()).toMatch(/#\/topic\/gardening$/);
    await page.getByRole("heading", { level: 1, name: "#gardening" }).waitFor();
    const posts = page.getByRole("list", { name: "Posts with #gardening" }).locator("article");
    await eventually(() => posts.allInnerTexts()).toEqual([expect.stringContaining("First seedlings are up")]);

    // Another topic first, then this one: once the second is on the page, the first would have been too.
    await alice.client.trpc.tweet.create.mutate({ content: "Soup tonight #cooking" });
    await alice.client.trpc.tweet.create.mutate({ content: "Watering twice a day now #Gardening" });
    await eventually(() => posts.count()).toBe(2);
    const texts = await posts.allInnerTexts();
    expect(texts[0]).toContain("Watering twice a day now");
    expect(texts[1]).toContain("First seedlings are up");
    expect(texts.join("\n")).not.toContain("Soup tonight");
    await saveDocsScreenshot(page, "topic-page");
    await page.setViewportSize({ width: 375, height: 800 });
    await saveDocsScreenshot(page, "topic-page-375");
    await context.close();
  }, 90_000);

  it("a trend opens its topic page; trends read in plain numbers", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    const trending = page.getByRole("complementary", { name: "Trending" });
    const trend = trending.getByRole("link", { name: /#gardening/ });
    await eventually(() => trend.count(), 30_000).toBe(1);
    await eventually(() => trend.innerText()).toMatch(/2 posts in the last hour[\s\S]*New/);
    expect(await trending.innerText()).not.toMatch(/%/);
    await trend.click();
    await eventually(() => page.url()).toMatch(/#\/topic\/gardening$/);
    await page.getByRole("heading", { level: 1, name: "#gardening" }).waitFor();
    await context.close();
  }, 90_000);

  it("a profile shows bio, interests and city; its counts open the follower lists; My page is in the nav", async () => {
    const { context, page } = await openAs(browser, server.url, bob, "#/topic/gardening");
    await page
      .getByRole("list", { name: "Posts with #gardening" })
      .getByRole("link", { name: /Alice Liddell/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: "Alice Liddell" }).waitFor();
    const facts = page.getByRole("definition");
    await eventually(() => facts.allInnerTexts()).toEqual([
      "Growing tomatoes on a Berlin balcony.",
      expect.stringMatching(/gardening\s+tomatoes/),
      "Berlin",
    ]);
    expect(await page.getByRole("list", { name: "Interests" }).getByRole("listitem").allInnerTexts()).toEqual([
      "gardening",
      "tomatoes",
    ]);
    await saveDocsScreenshot(page, "user-page");
    await page.setViewportSize({ width: 375, height: 800 });
    await saveDocsScreenshot(page, "user-page-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("link", { name: "1 follower" }).click();
    await page.getByRole("heading", { level: 1, name: "Followers of Alice Liddell" }).waitFor();
    await eventually(() => page.getByRole("list", { name: "Followers" }).getByRole("listitem").allInnerTexts()).toEqual(
      [expect.stringContaining("Bob Marley")],
    );

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My page" }).click();
    await page.getByRole("heading", { level: 1, name: "Bob Marley" }).waitFor();
    expect(page.url()).toMatch(/#\/u\/bob$/);
    await page.getByRole("link", { name: "1 following" }).click();
    await page.getByRole("heading", { level: 1, name: "People you follow" }).waitFor();
    await eventually(() => page.getByRole("list", { name: "Following" }).getByRole("listitem").allInnerTexts()).toEqual(
      [expect.stringContaining("Alice Liddell")],
    );
    await context.close();
  }, 90_000);

  it("a new account's empty Home suggests people to follow; Follow fills Home", async () => {
    const carol = await signUp(server.url, "carol", "Carol King");
    try {
      await carol.client.trpc.profile.upsert.mutate({
        bio: "Allotment on weekends.",
        interestTags: ["gardening"],
        city: "Hamburg",
        timezone: "Europe/Berlin",
      });
      const { context, page } = await openAs(browser, server.url, carol);
      const suggestions = page.getByRole("list", { name: "Suggested people" });
      await eventually(() => suggestions.getByRole("listitem").first().innerText()).toMatch(
        /Alice Liddell[\s\S]*Shares gardening/,
      );
      expect(await suggestions.innerText()).not.toContain("Carol King");
      await suggestions.getByRole("button", { name: "Follow Alice Liddell" }).click();

      const feed = page.getByRole("list", { name: "Your feed" }).locator("article");
      await eventually(() => feed.count()).toBe(3);
      expect((await feed.allInnerTexts()).join("\n")).toContain("Watering twice a day now");
      // The welcome card went away with the focused button: focus is on the newest post, not lost.
      await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe("ARTICLE");
      await context.close();
    } finally {
      await carol.client.close();
    }
  }, 90_000);
});
