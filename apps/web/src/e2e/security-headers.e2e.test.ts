import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectionState,
  type E2eServer,
  eventually,
  launchChromium,
  openAs,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
} from "./harness";

describe("the web app under the server's security headers", () => {
  let server: E2eServer;
  let browser: Browser;
  let ada: TestUser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    ada = await signUp(server.url, "ada", "Ada Lovelace");
  }, 120_000);

  afterAll(async () => {
    await ada?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("loads, opens its WebSocket and posts with the session cookie, with no CSP violation", async () => {
    const { page: app } = await openAs(browser, server.url, ada);
    const violations: string[] = [];
    app.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await app.reload();
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await app.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });

    // A cookie-authenticated mutation (Origin checked) and the live socket (connect-src).
    await app.getByLabel("Write a post").fill("Posted under a strict CSP #security");
    await app.getByRole("button", { name: "Post", exact: true }).click();
    // The published card (with its id), not the optimistic placeholder: the mutation really went through.
    await eventually(() => app.locator("article[data-tweet-id]").filter({ hasText: "strict CSP" }).count()).toBe(1);
    await eventually(() => connectionState(app)).toBe("connected");
    expect(violations).toEqual([]);
  });
});
