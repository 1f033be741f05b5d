import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPulseClient, type PulseClient } from "@pulse/client";
import { loadTestEnv } from "@pulse/config";
import { type ServerProcess, startServerProcess, stopServerProcess } from "@pulse/test-processes";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/** Shared by the end-to-end scenarios: a real server process, Debian's Chromium, users made over the API. */

export const screenshotDir = fileURLToPath(new URL("../../../../test-results/screenshots", import.meta.url));
/** Committed screenshots of the main screens (apps/web/docs/screenshots), referenced by the README. */
export const docsScreenshotDir = fileURLToPath(new URL("../../docs/screenshots", import.meta.url));

export const PASSWORD = "correct horse battery staple";
export const SCREEN = { width: 1280, height: 800 } as const;

export interface E2eServer {
  process: ServerProcess;
  url: string;
  dataDir: string;
  env: Record<string, string>;
}

/** A server on a fresh DATA_DIR (embedded mode, no demo data); PORT=0 unless given. */
export async function startE2eServer(extraEnv: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "pulse-e2e-"));
  await mkdir(screenshotDir, { recursive: true });
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const serverProcess = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], env);
  return { process: serverProcess, url: serverProcess.url, dataDir, env };
}

/** Stops the server again on the same port and data directory (the reconnect scenario). */
export async function restartE2eServer(server: E2eServer): Promise<E2eServer> {
  await stopServerProcess(server.process);
  const serverProcess = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], server.env);
  return { ...server, process: serverProcess, url: serverProcess.url };
}

export async function stopE2eServer(server: E2eServer | undefined): Promise<void> {
  if (!server) return;
  await stopServerProcess(server.process);
  await rm(server.dataDir, { recursive: true, force: true });
}

/** A port nobody listens on right now (to restart a server on the same one). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: loadTestEnv().CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  token: string;
  client: PulseClient;
}

/** Signs a user up over the API and gives back a client signed in as them. */
export async function signUp(url: string, username: string, displayName: string): Promise<TestUser> {
  const anonymous = createPulseClient({ url });
  try {
    const { token, user } = await anonymous.trpc.auth.signup.mutate({ username, password: PASSWORD, displayName });
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      token,
      client: createPulseClient({ url, token }),
    };
  } finally {
    await anonymous.close();
  }
}

/** A browser context signed in as the user (their session cookie), showing `hash` once the app is ready. */
export async function openAs(
  browser: Browser,
  url: string,
  user: TestUser,
  hash = "#/",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: SCREEN });
  await context.addCookies([{ name: "pulse_session", value: user.token, url, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(`${url}/${hash}`);
  await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });
  return { context, page };
}

/** Saves a screenshot for the docs (and a copy with the test results); keeps it small. */
export async function saveDocsScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(docsScreenshotDir, { recursive: true });
  await mkdir(screenshotDir, { recursive: true });
  const path = join(docsScreenshotDir, `${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, animations: "disabled", caret: "hide" });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: "disabled", caret: "hide" });
  const { size } = await stat(path);
  if (size > 200_000) throw new Error(`${name}.png is ${size} bytes; docs screenshots must stay under 200 KB`);
}

/** The like button of the post with this id, on the page. */
export function likeButton(page: Page, tweetId: string) {
  return page.locator(`article[data-tweet-id="${tweetId}"]`).getByRole("button", { name: /^Like/ });
}

/** The number a count shows (data-count is the exact value; the text may be compact, e.g. 1.2K). */
export async function countOf(page: Page, tweetId: string, kind: "Like" | "Retweet" | "Bookmark"): Promise<number> {
  const button = page
    .locator(`article[data-tweet-id="${tweetId}"]`)
    .getByRole("button", { name: new RegExp(`^${kind}`) });
  const value = await button.locator("[data-count]").first().getAttribute("data-count");
  return Number(value);
}

export async function unreadBadge(page: Page): Promise<string | null> {
  const badge = page.getByTestId("unread-badge");
  return (await badge.count()) > 0 ? ((await badge.locator("[aria-hidden]").textContent()) ?? null) : null;
}

export async function connectionState(page: Page): Promise<string | null> {
  return page.locator(".connection").getAttribute("data-state");
}

/** Polls until the assertion holds, generously (a loaded CI machine runs servers and databases side by side). */
export function eventually<T>(read: () => T | Promise<T>, timeout = 20_000) {
  return expect.poll(read, { timeout, interval: 100 });
}
