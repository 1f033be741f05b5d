import type { Browser } from "playwright-core";
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

/** Delivery and timeline UX: screens loaded on demand, scroll kept, infinite scroll, the floating new-posts pill. */
describe("web app UX", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
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
});
