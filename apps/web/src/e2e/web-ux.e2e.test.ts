import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
} from "./harness";

/** Delivery and timeline UX: screens loaded on demand, scroll kept, infinite scroll, the floating new-posts pill. */
describe("web app UX", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  const POSTS = 30;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });
    for (let index = 1; index <= POSTS; index++) {
      const link = index === POSTS ? " https://example.com/notes?x=1." : "";
      await alice.client.trpc.tweet.create.mutate({ content: `Post number ${index} of the day${link}` });
    }
    await vi.waitFor(
      async () => {
        const first = await bob.client.trpc.feed.list.query({ limit: 20 });
        const cursor = first.nextCursor ?? undefined;
        const second = cursor ? await bob.client.trpc.feed.list.query({ limit: 20, cursor }) : { items: [] };
        expect(first.items.length + second.items.length).toBe(POSTS);
      },
      { timeout: 30_000, interval: 200 },
    );
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("loads each screen's code on first visit, not with Home", async () => {
    const { context, page } = await openAs(browser, server.url, alice, "#/");
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.getByRole("link", { name: "Match" }).click();
    await page.getByRole("heading", { level: 1, name: "Find your people" }).waitFor();
    expect(scripts.some((path) => /\/assets\/MatchView-[\w-]+\.js$/.test(path))).toBe(true);
    // Focus still lands on the new screen's title although it arrived a moment later.
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe("view-title");
    await context.close();
  }, 60_000);

  it("renders URLs in posts as safe links", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    const link = page.getByRole("link", { name: "https://example.com/notes?x=1" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("https://example.com/notes?x=1");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    await context.close();
  }, 60_000);

  it("loads older posts on scroll, keeps the place on Back and reload, and floats the new-posts pill", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    const posts = page.getByRole("list", { name: "Your feed" }).locator("article");
    await eventually(() => posts.count()).toBe(20);
    // Infinite scroll: reaching the end loads the next page without a click.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await eventually(() => posts.count()).toBe(POSTS);

    await page.evaluate(() => window.scrollTo(0, 1200));
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBe(1200);
    // Open a thread from the feed, then Back: the feed is where it was, not at the top.
    // Clicked in the page (a Playwright click would first scroll the link into view, moving the place).
    await page
      .locator("article a.post-time")
      .nth(12)
      .evaluate((link) => (link as HTMLAnchorElement).click());
    await page.getByRole("heading", { level: 1, name: "Thread" }).waitFor();
    await page.goBack();
    await eventually(() => posts.count()).toBe(POSTS);
    await eventually(() => page.evaluate(() => window.scrollY)).toBe(before);
    await page.reload();
    await eventually(() => page.evaluate(() => window.scrollY), 30_000).toBe(before);

    // Scrolled down, a new post's pill is on screen (it floats instead of sitting at the top of the feed).
    await alice.client.trpc.tweet.create.mutate({ content: "Fresh one" });
    const pill = page.getByRole("button", { name: "Show 1 new post" });
    await pill.waitFor();
    const box = await pill.boundingBox();
    const height = await page.evaluate(() => window.innerHeight);
    expect(box && box.y >= 0 && box.y + box.height <= height).toBe(true);
    await context.close();
  }, 120_000);

  it("says what to pick for a wrong time zone, in plain words, and clears it once fixed", async () => {
    const { context, page } = await openAs(browser, server.url, alice, "#/profile");
    const zone = page.getByLabel("Time zone");
    await zone.fill("Berlin");
    await page.getByLabel("Interests").fill("climbing,");
    await page.getByRole("button", { name: "Save profile" }).click();
    const message = page.getByText("Pick a time zone from the list — did you mean Europe/Berlin?");
    await message.waitFor();
    expect(await page.getByText(/IANA/).count()).toBe(0);
    expect(await zone.getAttribute("aria-invalid")).toBe("true");
    await zone.fill("Europe/Berlin");
    expect(await message.count()).toBe(0);
    expect(await zone.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    await context.close();
  }, 60_000);
});
