import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  saveDocsScreenshot,
  screenshotDir,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
} from "./harness";

const people = [
  {
    username: "mara",
    displayName: "Mara Climbs",
    profile: {
      bio: "Rust developer who climbs on weekends and writes about compilers.",
      interestTags: ["rust", "climbing", "compilers", "coffee"],
      city: "Berlin",
      timezone: "Europe/Berlin",
    },
  },
  {
    username: "jonas",
    displayName: "Jonas Boulder",
    profile: {
      bio: "Bouldering, Rust and long bike rides.",
      interestTags: ["rust", "climbing", "cycling"],
      city: "Hamburg",
      timezone: "Europe/Berlin",
    },
  },
  {
    username: "keiko",
    displayName: "Keiko Jazz",
    profile: {
      bio: "Jazz pianist and vinyl collector.",
      interestTags: ["jazz", "vinyl", "coffee"],
      city: "Tokyo",
      timezone: "Asia/Tokyo",
    },
  },
  {
    username: "sam",
    displayName: "Sam Gardens",
    profile: {
      bio: "Urban gardening and houseplants.",
      interestTags: ["gardening", "houseplants"],
      city: "Lisbon",
      timezone: "Europe/Lisbon",
    },
  },
];

describe("match finder", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  const others: TestUser[] = [];

  beforeAll(async () => {
    // A slow matcher (test-only fault injection), so the progress is there to be seen.
    server = await startE2eServer({
      NODE_ENV: "test",
      MATCH_FAULT: "slow",
      MATCH_FAULT_DELAY_MS: "1500",
      MATCH_INDEX_REFRESH_MS: "100",
    });
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    for (const person of people) {
      const user = await signUp(server.url, person.username, person.displayName);
      await user.client.trpc.profile.upsert.mutate(person.profile);
      others.push(user);
    }
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    for (const user of others) await user.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("fills a profile, then a match request shows progress, then ranked people to follow — in every tab", async () => {
    const { context, page } = await openAs(browser, server.url, alice, "#/profile");
    await page.getByRole("heading", { name: "Your profile" }).waitFor();
    await eventually(() => page.getByText("You have no profile yet").isVisible()).toBe(true);
    // The time zone defaults to the browser's.
    expect(await page.getByLabel("Time zone").inputValue()).not.toBe("");

    // Saving without interests: the server's field error is shown next to the field.
    await page.getByLabel("Bio").fill("I write Rust and climb whenever I can. Coffee first.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => page.getByText("at least one non-empty interest tag").isVisible()).toBe(true);

    // Chips: Enter and comma add, Backspace removes the last one.
    const tags = page.getByRole("textbox", { name: "Interests" });
    await tags.fill("Rust");
    await tags.press("Enter");
    await tags.fill("#Climbing,");
    await tags.fill("coffee");
    await tags.press("Enter");
    await tags.fill("oops");
    await tags.press("Enter");
    await tags.press("Backspace");
    expect(await page.locator(".tag-input .chip span").allTextContents()).toEqual(["rust", "climbing", "coffee"]);
    await page.getByLabel("City").fill("Berlin");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => page.getByText("Profile saved.").isVisible()).toBe(true);
    expect(await page.getByText("at least one non-empty interest tag").count()).toBe(0);
    await saveDocsScreenshot(page, "profile");

    // A second tab, already on the match screen: the result requested in the first one shows up there too.
    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/#/match`);
    await otherTab.getByRole("heading", { name: "Find your people" }).waitFor();

    await page.getByRole("link", { name: "Match" }).click();
    await page.getByRole("heading", { name: "Find your people" }).waitFor();
    expect(await page.getByRole("progressbar").count()).toBe(0);
    await page.getByRole("button", { name: "Find matches" }).click();

    const progressbar = page.getByRole("progressbar");
    await eventually(() => progressbar.isVisible()).toBe(true);
    const progress = Number(await progressbar.getAttribute("aria-valuenow"));
    expect(progress).toBeGreaterThanOrEqual(0);
    expect(progress).toBeLessThan(100);
    await page.screenshot({ path: `${screenshotDir}/match-progress.png` });

    const results = page.getByRole("list", { name: "Your matches, best first" }).locator("article");
    await eventually(() => results.count()).toBeGreaterThanOrEqual(2);
    expect(await progressbar.count()).toBe(0);
    // Ranked: the two Rust climbers first, each with a score and the reasons.
    const first = (await results.nth(0).textContent()) ?? "";
    const second = (await results.nth(1).textContent()) ?? "";
    expect([first, second].some((text) => text.includes("Mara Climbs"))).toBe(true);
    expect([first, second].some((text) => text.includes("Jonas Boulder"))).toBe(true);
    expect(first).toMatch(/\d+% match/);
    expect(first).toContain("rust");
    await saveDocsScreenshot(page, "match-results");

    // Follow from the card; the server agrees.
    const follow = results.nth(0).getByRole("button", { name: /^Follow / });
    await follow.click();
    await eventually(() =>
      results
        .nth(0)
        .getByRole("button", { name: /^Following / })
        .getAttribute("aria-pressed"),
    ).toBe("true");
    const following = await alice.client.trpc.user.following.query({ userId: alice.id });
    expect(following.items).toHaveLength(1);

    // The other tab got the same result through match.onResult.
    await eventually(() =>
      otherTab.getByRole("list", { name: "Your matches, best first" }).locator("article").count(),
    ).toBe(await results.count());
    await context.close();
  }, 120_000);
});
