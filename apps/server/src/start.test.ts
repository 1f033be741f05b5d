import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PASSWORD, DEMO_USERNAME } from "@pulse/api/demo";
import { count, createDatabase, users } from "@pulse/db";
import { afterAll, describe, expect, it } from "vitest";
import { readTrpcBody, runFromRepoRoot, startServerProcess, stopServerProcess as stop } from "./testing";

async function demoLogin(url: string) {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: DEMO_USERNAME, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = await readTrpcBody<{ token: string; user: { username: string } }>(response);
  if (!body.result) throw new Error(`login failed: ${body.error?.message}`);
  return body.result.data;
}

describe("the README's start command", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("starts the server with the web app and the demo login, then reuses the data on the next start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "pulse-start-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info" };

    const first = await startServerProcess(["npm", "start"], env);
    cleanups.push(() => stop(first));
    expect(first.stderr()).toContain(`Demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD}`);
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js">/);

    const { token, user } = await demoLogin(first.url);
    expect(user.username).toBe(DEMO_USERNAME);
    const me = await fetch(`${first.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await readTrpcBody<{ username: string }>(me)).result?.data.username).toBe(DEMO_USERNAME);
    expect(first.stdout()).toContain('"msg":"seeded the demo community"');
    // The demo is alive on first login: alice has followers' notifications and a feed to read.
    const asAlice = (path: string) =>
      fetch(`${first.url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const unread = await readTrpcBody<number>(await asAlice("notification.unreadCount"));
    expect(unread.result?.data).toBeGreaterThan(0);
    const feed = await readTrpcBody<{ items: unknown[] }>(await asAlice("feed.list"));
    expect(feed.result?.data.items.length).toBeGreaterThan(5);
    await stop(first);
    expect(first.stdout()).toContain('"msg":"shutting down"');
    // Structured logs never carry secrets.
    expect(first.stdout()).not.toContain(token);
    expect(first.stdout()).not.toContain(DEMO_PASSWORD);
    expect(first.stdout()).toContain('"msg":"stopped"');

    const second = await startServerProcess(["npm", "start"], env);
    cleanups.push(() => stop(second));
    expect((await demoLogin(second.url)).user.username).toBe(DEMO_USERNAME);
    expect(second.stdout()).not.toContain("seeded the demo community");
    await stop(second);
    expect(second.stdout()).toContain('"msg":"stopped"');

    const database = createDatabase({ driver: "pglite", dataDir });
    try {
      const [row] = await database.db.select({ n: count() }).from(users);
      expect(row?.n).toBe(60);
    } finally {
      await database.close();
    }
  }, 240_000);

  it("exits non-zero with one line naming the variable when the configuration is invalid", async () => {
    const started = runFromRepoRoot(["node", "--import", "tsx", "apps/server/src/main.ts"], {
      PORT: "not-a-port",
      REDIS_URL: "",
    });
    const [code] = await once(started.child, "exit");
    expect(code).toBe(1);
    const lines = started
      .stderr()
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: PORT: /)]);
  }, 60_000);
});
