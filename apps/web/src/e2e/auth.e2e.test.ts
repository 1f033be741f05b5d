import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTestEnv } from "@pulse/config";
import { type ServerProcess, startServerProcess, stopServerProcess } from "@pulse/test-processes";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, SCREEN, saveDocsScreenshot } from "./harness";

describe("web app in Chromium", () => {
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pulse-e2e-"));
    // The built app (npm test builds it first), served by a real server process.
    server = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], {
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
    });
    browser = await chromium.launch({
      executablePath: loadTestEnv().CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServerProcess(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("signs up, stays signed in across a reload, logs out, rejects a wrong password, logs in", async () => {
    const context = await browser.newContext({ viewport: SCREEN });
    const page = await context.newPage();
    await page.goto(server.url);

    await eventually(() => page.getByRole("heading", { name: "Log in" }).isVisible()).toBe(true);
    await saveDocsScreenshot(page, "login");
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Username").fill("grace_h");
    await page.getByLabel("Display name (optional)").fill("Grace Hopper");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    // The browser's own validation stops a too-short password before any request.
    expect(await page.getByLabel("Password").evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
    expect(await page.getByRole("heading", { name: "Create your account" }).isVisible()).toBe(true);

    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await eventually(() => page.getByRole("heading", { name: "Welcome, Grace Hopper" }).isVisible()).toBe(true);
    expect(await page.getByText("@grace_h").isVisible()).toBe(true);
    // What a new user sees first: an empty feed that says where to start.
    await saveDocsScreenshot(page, "first-start");

    // The token lives only in an HttpOnly cookie: invisible to page scripts, yet it survives a reload.
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === "pulse_session")?.httpOnly).toBe(true);
    await page.reload();
    await eventually(() => page.getByRole("heading", { name: "Welcome, Grace Hopper" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Log out" }).click();
    await eventually(() => page.getByRole("heading", { name: "Log in" }).isVisible()).toBe(true);
    expect((await context.cookies()).some((cookie) => cookie.name === "pulse_session")).toBe(false);

    // A server-side error (CONFLICT) is shown to the user.
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Username").fill("GRACE_H");
    await page.getByLabel("Password").fill("another long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await eventually(() => page.getByText("That username is taken").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Log in" }).click();

    await page.getByLabel("Username").fill("grace_h");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await eventually(() => page.getByText("Invalid username or password").isVisible()).toBe(true);

    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Log in" }).click();
    await eventually(() => page.getByRole("heading", { name: "Welcome, Grace Hopper" }).isVisible()).toBe(true);
    await context.close();
  }, 60_000);
});
