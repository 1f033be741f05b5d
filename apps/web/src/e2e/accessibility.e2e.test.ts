import type { AxeResults, Result } from "axe-core";
import axe from "axe-core";
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
} from "./harness";

/** axe-core on every screen at desktop and phone width, the skip link, and touch targets on a phone. */

const WIDTHS = [1280, 375] as const;

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

async function runAxe(page: Page): Promise<Result[]> {
  const injected = await page.evaluate(() => "axe" in window);
  // Evaluated over the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline <script>.
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate(() => {
    const { axe: inPage } = window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } };
    return inPage.run(document);
  });
  return results.violations;
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
      const screens = ["#/", `#/post/${postId}`, "#/notifications", "#/profile", "#/u/alice", "#/stats", "#/match"];
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
        if (hash === "#/notifications")
          await page
            .getByRole("button", { name: /^Mark read/ })
            .first()
            .waitFor();
        if (hash === "#/match") {
          await page.getByRole("button", { name: "Find matches" }).click();
          await page.getByRole("heading", { name: /Your matches/ }).waitFor({ timeout: 30_000 });
        }
        const violations = await runAxe(page);
        if (violations.length > 0) found.push(`${hash} at ${width} px:\n${describeViolations(violations)}`);
      }
      expect(found.join("\n\n")).toBe("");
      await context.close();
    }, 180_000);
  }
});
