import { join } from "node:path";
import type { AxeResults, Result } from "axe-core";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  screenshotDir,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
} from "./harness";

/** axe-core on every screen at desktop and phone width, the skip link, and touch targets on a phone. */

const WIDTHS = [1280, 375] as const;

const PHONE = { width: 375, height: 800 } as const;

/** Readable one-line-per-node report of axe's violations (so a failure says what and where). */
function describeViolations(violations: readonly Result[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(" ")} — ${node.failureSummary?.replace(/\s+/g, " ") ?? ""}`)
          .join("\n"),
    )
    .join("\n");
}

declare global {
  interface Window {
    /** axe-core's API, once `axe.source` has been evaluated in the page. */
    axe: { run(context: Document): Promise<AxeResults> };
  }
}

async function runAxe(page: Page): Promise<Result[]> {
  const injected = await page.evaluate(() => "axe" in window);
  // Evaluated over the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline <script>.
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate(() => window.axe.run(document));
  return results.violations;
}

type SmallTarget = { what: string; height: number };

/**
 * Visible controls shorter than 44 px. Links inside running text (a mention in a post, a link in a sentence) are
 * exempt, as WCAG 2.5.8 exempts inline targets: growing them would break the line height.
 */
function smallTouchTargets(page: Page): Promise<SmallTarget[]> {
  return page.evaluate(() => {
    const selector = "a[href], button, input, select, textarea, summary, [tabindex='0']";
    const small: { what: string; height: number }[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === "hidden") continue;
      if (element.classList.contains("skip-link")) continue;
      const parentText = element.parentElement?.textContent?.trim().length ?? 0;
      // A post's text is running text however short it is ("Sure! #climbing"): its #topics and @mentions are inline.
      const inPost = element.closest(".post-text") !== null;
      const inline = element.tagName === "A" && (inPost || parentText > (element.textContent?.trim().length ?? 0) + 10);
      if (inline && getComputedStyle(element).display === "inline") continue;
      if (box.height < 44) {
        const label = (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40);
        small.push({ what: `${element.tagName.toLowerCase()}.${element.className} "${label}"`, height: box.height });
      }
    }
    return small;
  });
}

/** The screen is drawn: its title is there and nothing is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator("#view-title").waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector(".inline-status") === null, undefined, { timeout: 20_000 });
}

describe("accessibility", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let postId: string;

  beforeAll(async () => {
    server = await startE2eServer({ MATCH_INDEX_REFRESH_MS: "100" });
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
    await alice.client.trpc.profile.upsert.mutate({
      bio: "Rust and climbing.",
      interestTags: ["rust", "climbing"],
      city: "Berlin",
      timezone: "Europe/Berlin",
    });
    await bob.client.trpc.profile.upsert.mutate({
      bio: "Climbing, Rust and coffee.",
      interestTags: ["rust", "climbing", "coffee"],
      city: "Berlin",
      timezone: "Europe/Berlin",
    });
    await bob.client.trpc.user.follow.mutate({ userId: alice.id });
    const post = await alice.client.trpc.tweet.create.mutate({
      content: "Shipping #pulse today with @bob — notes at https://example.com/notes",
    });
    postId = post.id;
    await alice.client.trpc.tweet.create.mutate({ content: "Bouldering tonight? #climbing" });
    await bob.client.trpc.tweet.create.mutate({ content: "Sure! #climbing", replyToId: post.id });
    // Unread notifications for bob (so "Mark read" is on screen), and a like on his reply.
    await alice.client.trpc.user.follow.mutate({ userId: bob.id });
    const own = await bob.client.trpc.tweet.create.mutate({ content: "Coffee first #coffee" });
    await alice.client.trpc.engagement.like.mutate({ tweetId: own.id });
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  for (const width of WIDTHS) {
    it(`has no axe violations on any screen at ${width} px`, async () => {
      const { context, page } = await openAs(browser, server.url, bob);
      await page.setViewportSize({ width, height: 800 });
      const screens = [
        "#/",
        `#/post/${postId}`,
        "#/notifications",
        "#/profile",
        "#/u/alice",
        "#/u/bob",
        "#/u/alice/followers",
        "#/topic/climbing",
        "#/stats",
        "#/match",
      ];
      const found: string[] = [];
      for (const hash of screens) {
        await page.goto(`${server.url}/${hash}`);
        await settled(page);
        if (hash === "#/") {
          await eventually(() =>
            page.getByRole("list", { name: "Your feed" }).locator("article").count(),
          ).toBeGreaterThanOrEqual(2);
          await page.getByRole("heading", { name: /Trending/ }).waitFor();
        }
        if (hash === "#/topic/climbing")
          await page.getByRole("list", { name: "Posts with #climbing" }).locator("article").first().waitFor();
        if (hash === "#/u/alice" || hash === "#/u/bob") await page.locator(".profile-facts").waitFor();
        if (hash === "#/u/alice/followers") await page.getByRole("list", { name: "Followers" }).waitFor();
        if (hash === "#/notifications") {
          await page
            .getByRole("button", { name: /^Mark read/ })
            .first()
            .waitFor();
          // The settings panel (a switch per kind, muted people) is checked open.
          await page.getByRole("button", { name: "Settings" }).click();
          await page.getByRole("checkbox", { name: "Likes of my posts" }).waitFor();
          await settled(page);
        }
        if (hash === "#/match") {
          await page.getByRole("button", { name: "Find matches" }).click();
          await page.getByRole("heading", { name: /Your matches/ }).waitFor({ timeout: 30_000 });
        }
        if (width === PHONE.width) {
          const small = await smallTouchTargets(page);
          if (small.length > 0) {
            found.push(
              `${hash}: touch targets under 44 px:\n${small.map((t) => `    ${t.what} ${t.height}px`).join("\n")}`,
            );
          }
        }
        const violations = await runAxe(page);
        if (violations.length > 0) found.push(`${hash} at ${width} px:\n${describeViolations(violations)}`);
      }
      expect(found.join("\n\n")).toBe("");
      await context.close();
    }, 180_000);
  }

  it("puts the navigation in a bottom tab bar on a phone, at the top on a desktop", async () => {
    const { context, page } = await openAs(browser, server.url, bob);
    const nav = page.getByRole("navigation", { name: "Main" });
    const desktop = await nav.boundingBox();
    expect(desktop?.y).toBeLessThan(200);
    await page.setViewportSize(PHONE);
    await eventually(async () => {
      const box = await nav.boundingBox();
      return box ? Math.round(box.y + box.height) : null;
    }).toBe(PHONE.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    for (const link of await nav.getByRole("link").all()) {
      const box = await link.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: join(screenshotDir, "home-375-tab-bar.png") });
    await context.close();
  }, 60_000);

  it("offers 'Skip to content' as the first Tab stop, visible, moving focus to the screen's title", async () => {
    const { context, page } = await openAs(browser, server.url, bob, "#/stats");
    await settled(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height >= 44).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("view-title");
    expect(page.url()).toMatch(/#\/stats$/);
    await context.close();
  }, 60_000);

  it("keeps focus on a sensible element after Mark read, Mark all as read, Follow and Find matches", async () => {
    const { context, page } = await openAs(browser, server.url, bob, "#/notifications");
    const activeText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    const activeTag = () => page.evaluate(() => document.activeElement?.tagName);

    const markOne = page.getByRole("button", { name: /^Mark read/ }).first();
    await markOne.focus();
    await page.keyboard.press("Enter");
    // Focus moves to that notification's link (the button is gone).
    await eventually(() => page.evaluate(() => document.activeElement?.className)).toBe("notification-link");

    const markAll = page.getByRole("button", { name: "Mark all as read" });
    await markAll.focus();
    await page.keyboard.press("Enter");
    await eventually(() => page.getByRole("button", { name: /^Mark read/ }).count()).toBe(0);
    expect(await activeText()).toBe("Mark all as read");

    await page.goto(`${server.url}/#/u/alice`);
    await settled(page);
    const follow = page.getByRole("button", { name: "Following Alice Liddell" });
    await follow.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Follow Alice Liddell" }).waitFor();
    // The page's counts refresh after the answer; the button must not be remounted (which drops focus).
    await eventually(() => page.locator(".user-counts").textContent()).toContain("0 followers");
    expect(await activeText()).toBe("Follow");

    await page.goto(`${server.url}/#/match`);
    await settled(page);
    const find = page.getByRole("button", { name: "Find matches" });
    await find.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Your matches/ }).waitFor({ timeout: 30_000 });
    await eventually(() => activeText()).toBe("Find matches");
    expect(await activeTag()).toBe("BUTTON");
    await context.close();
  }, 120_000);
});
