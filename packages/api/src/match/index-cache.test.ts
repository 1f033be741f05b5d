import { type Database, profiles, users } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { activeBuildThreads, buildMatchIndexOffThread, match, type Profile } from "@pulse/matching";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type IndexBuilder, MatchIndexCache } from "./index-cache";

const drivers = await testDrivers();
const silent = { info() {}, warn() {} };

async function addMember(db: Database, name: string, tags: string[]): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ username: name, displayName: name, passwordHash: "x" })
    .returning({ id: users.id });
  if (!user) throw new Error("no user");
  await db.insert(profiles).values({ userId: user.id, bio: `${name} likes ${tags.join(" ")}`, interestTags: tags });
  return user.id;
}

/** A builder whose page source stalls after the first page: the build stays in flight until aborted. */
const stallingBuilder: IndexBuilder = (pages, signal) =>
  buildMatchIndexOffThread(
    (async function* () {
      for await (const page of pages) {
        yield page;
        await new Promise(() => {});
      }
    })(),
    { signal },
  );

describe.each(drivers)("MatchIndexCache on %s", (driver) => {
  let database: TestDatabase | undefined;
  let cache: MatchIndexCache | undefined;
  // In a hook (120 s), not the test (30 s): a cold PGlite start alone can take ~20 s on a loaded 2-core box.
  beforeEach(async () => {
    database = await createTestDatabase(driver);
  });
  afterEach(async () => {
    await cache?.close();
    await database?.close();
    cache = undefined;
    database = undefined;
    expect(activeBuildThreads()).toBe(0);
  });

  it("builds on a thread from paged reads, serves the old index while refreshing, then swaps", async () => {
    const { db } = database as TestDatabase;
    const alice = await addMember(db, "alice", ["rust", "webgpu"]);
    await addMember(db, "bob", ["rust", "webgpu"]);
    await addMember(db, "carol", ["knitting"]);
    cache = new MatchIndexCache(db, 0, silent, { pageSize: 2 });
    const first = await cache.get();
    expect(first.size).toBe(3);
    const request: Profile = { userId: alice, bio: "", interestTags: ["rust"], city: "", timezone: "UTC" };
    expect(match(first, request).matches).toHaveLength(1);

    await addMember(db, "dave", ["rust"]);
    // Stale (refreshMs 0) and changed: the refresh starts in the background; this request gets the old index.
    expect(await cache.get()).toBe(first);
    await expect.poll(async () => (await cache?.get())?.size, { timeout: 20_000 }).toBe(4);
  });

  it("a failed first build is a job error, and the next get builds again", async () => {
    await addMember((database as TestDatabase).db, "alice", ["rust"]);
    let calls = 0;
    const flaky: IndexBuilder = (pages, signal) =>
      ++calls === 1 ? Promise.reject(new Error("thread crashed")) : buildMatchIndexOffThread(pages, { signal });
    cache = new MatchIndexCache((database as TestDatabase).db, 60_000, silent, { build: flaky });
    await expect(cache.get()).rejects.toThrow("thread crashed");
    expect((await cache.get()).size).toBe(1);
  });

  it("a failed refresh keeps serving the old index", async () => {
    const { db } = database as TestDatabase;
    await addMember(db, "alice", ["rust"]);
    let calls = 0;
    const failsLater: IndexBuilder = (pages, signal) =>
      ++calls === 1 ? buildMatchIndexOffThread(pages, { signal }) : Promise.reject(new Error("thread crashed"));
    const warnings: string[] = [];
    cache = new MatchIndexCache(
      db,
      0,
      { info() {}, warn: (_, message) => warnings.push(message) },
      {
        build: failsLater,
      },
    );
    const first = await cache.get();
    await addMember(db, "bob", ["rust"]);
    expect(await cache.get()).toBe(first);
    await expect
      .poll(async () => {
        expect(await cache?.get()).toBe(first);
        return warnings;
      })
      .toContain("match index refresh failed");
  });

  it("close terminates a build in flight and refuses later gets", async () => {
    await addMember((database as TestDatabase).db, "alice", ["rust"]);
    cache = new MatchIndexCache((database as TestDatabase).db, 60_000, silent, { build: stallingBuilder });
    const pending = cache.get();
    await expect.poll(() => activeBuildThreads()).toBe(1);
    await cache.close();
    await expect(pending).rejects.toThrow("closed");
    expect(activeBuildThreads()).toBe(0);
    await expect(cache.get()).rejects.toThrow("closed");
  });
});
