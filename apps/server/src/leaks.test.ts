import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppRouter } from "@pulse/api";
import { parseConfig } from "@pulse/config";
import { sql } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PulseServer, startPulseServer } from "./app";
import { createLogger } from "./logger";
import { wsOnlyClient } from "./test-cluster";

const drivers = await testDrivers();

/** What must never reach a client: drizzle's query text, SQL keywords, bound parameters. */
const DATABASE_TEXT = /failed query|params:|\bselect\b|\binsert\b|\bupdate\b|\bfrom "|\$\d/i;

type ErrorBody = { error?: { message: string; data: { code: string; httpStatus: number } } };

function forgedCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify({ at, id })).toString("base64url");
}

describe.each(drivers)("no database text leaks, on %s", (driver) => {
  let server: PulseServer;
  let database: TestDatabase | undefined;
  let dataDir: string;
  const logLines: string[] = [];
  let token: string;
  let userId: string;

  async function call(kind: "query" | "mutation", path: string, input: unknown, bearer = token) {
    const headers = { authorization: `Bearer ${bearer}`, "content-type": "application/json" };
    const response =
      kind === "query"
        ? await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
        : await fetch(`${server.url}/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as ErrorBody };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pulse-leaks-"));
    database = driver === "postgres" ? await createTestDatabase("postgres", { migrate: false }) : undefined;
    const config = parseConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    });
    // The production logger, writing into this test instead of stdout.
    const logger = createLogger("info", { write: (line: string) => logLines.push(line) });
    server = await startPulseServer({ config, logger });
    const signup = await call("mutation", "auth.signup", { username: "victim", password: "correct horse battery" });
    const data = (signup.body as { result: { data: { token: string; user: { id: string } } } }).result.data;
    token = data.token;
    userId = data.user.id;
  });
  afterAll(async () => {
    await server.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const profile = { bio: "hello", interestTags: ["chess"], city: "Lyon", timezone: "Europe/Paris" };
  const refused: [string, "query" | "mutation", string, () => unknown][] = [
    ["content", "mutation", "tweet.create", () => ({ content: "hi\u0000there" })],
    ["bio", "mutation", "profile.upsert", () => ({ ...profile, bio: "a\u0000b" })],
    ["city", "mutation", "profile.upsert", () => ({ ...profile, city: "Ly\u0000on" })],
    ["interestTags", "mutation", "profile.upsert", () => ({ ...profile, interestTags: ["ch\u0000ess"] })],
    ["bio", "mutation", "match.request", () => ({ bio: "\u0000" })],
    ["username", "query", "user.get", () => ({ username: "vic\u0000tim" })],
    ["cursor", "query", "tweet.byUser", () => ({ userId, cursor: forgedCursor("2024-01-01T00:00:00Z", "not-a-uuid") })],
    ["cursor", "query", "user.followers", () => ({ userId, cursor: forgedCursor("0000-01-01T00:00:00Z", userId) })],
    ["cursor", "query", "user.following", () => ({ userId, cursor: forgedCursor("2024-01-01T00:00:00Z", "x\u0000") })],
  ];

  it.each(refused)("refuses a bad %s in %s %s with BAD_REQUEST naming it", async (field, kind, path, input) => {
    const { status, text, body } = await call(kind, path, input());
    expect(text).not.toMatch(DATABASE_TEXT);
    expect(body.error?.data.code).toBe("BAD_REQUEST");
    expect(status).toBe(400);
    expect(body.error?.message).toContain(field);
  });

  it("auth.login with a NUL byte shows no database text", async () => {
    const { text, body } = await call("mutation", "auth.login", { username: "vic\u0000tim", password: "whatever1" });
    expect(text).not.toMatch(DATABASE_TEXT);
    expect(body.error?.data.code).not.toBe("INTERNAL_SERVER_ERROR");
  });

  it("an internal error is generic on the wire, logged once with its request id, without parameters", async () => {
    const marker = "secret-bio-9f3c";
    // A database fault the input cannot avoid: the row is refused by a constraint whose detail echoes the row.
    await server.database.db.execute(
      sql.raw(`alter table profiles add constraint leak_probe check (bio not like '%${marker}%')`),
    );
    try {
      logLines.length = 0;
      const { status, text, body } = await call("mutation", "profile.upsert", { ...profile, bio: marker });
      expect(status).toBe(500);
      expect(body.error?.data.code).toBe("INTERNAL_SERVER_ERROR");
      expect(text).not.toMatch(DATABASE_TEXT);
      expect(text).not.toContain(marker);
      expect(text).not.toContain("leak_probe");
      const requestId = body.error?.message.match(/request id ([\w-]+)/)?.[1];
      expect(requestId).toBeDefined();

      const logs = logLines.join("");
      expect(logs).not.toContain(marker);
      expect(logs).not.toMatch(/params:|"params"/);
      const withId = logLines.filter((line) => line.includes(requestId as string));
      // The failure once, with its cause; the access log's line for the same request, with its status.
      expect(withId).toHaveLength(2);
      expect(withId[1]).toMatch(/"status":500/);
      expect(withId[1]).not.toContain('"err"');
      // What the operator needs stays: the PostgreSQL error code and message.
      expect(withId[0]).toContain("23514");
      expect(withId[0]).toContain("leak_probe");

      // The same over WebSocket, where the same formatter shapes the error.
      const overWs = wsOnlyClient(server.url, { token });
      const wsError = await overWs.trpc.profile.upsert.mutate({ ...profile, bio: marker }).then(
        () => undefined,
        (error: unknown) => error,
      );
      await overWs.close();
      expect(wsError).toBeInstanceOf(TRPCClientError);
      const wsMessage = (wsError as TRPCClientError<AppRouter>).message;
      expect(wsMessage).toMatch(/^Something went wrong on our side \(request id [\w-]+\)$/);
      expect(logLines.join("")).not.toContain(marker);
      // Logged under the call's request id and the socket's connection id, so one socket's story can be followed.
      const wsRequestId = wsMessage.match(/request id ([\w-]+)/)?.[1] as string;
      const wsLine = logLines.find((line) => line.includes(wsRequestId));
      expect(wsLine).toMatch(/"connectionId":"[\w-]{36}"/);
      expect(wsLine).toMatch(/"instance":"[^"]+:\d+"/);
    } finally {
      await server.database.db.execute(sql.raw("alter table profiles drop constraint leak_probe"));
    }
  });
});
