import { DEMO_USERNAME } from "@pulse/api/demo";
import { count, engagements, eq, follows, tweets, users } from "@pulse/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../testing";

describe("the demo community's background activity", () => {
  let ctx: TestServer;

  beforeAll(async () => {
    ctx = await startTestServer("pglite", { SEED_DEMO: "true", DEMO_ACTIVITY_MS: "20" });
  });
  afterAll(() => ctx.close());

  /** Tweets, likes and follows in the database now. */
  async function totals() {
    const { db } = ctx.server.database;
    const [[posts], [likes], [followings]] = await Promise.all([
      db.select({ n: count() }).from(tweets),
      db.select({ n: count() }).from(engagements).where(eq(engagements.kind, "like")),
      db.select({ n: count() }).from(follows),
    ]);
    return { posts: posts?.n ?? 0, likes: likes?.n ?? 0, follows: followings?.n ?? 0 };
  }

  it("posts and likes as demo users through the router, never as alice, and stops for good", async () => {
    const activity = ctx.server.demoActivity;
    expect(activity).toBeDefined();
    const before = await totals();
    // Every kind of action shows up in the database, as real users' would.
    await vi.waitFor(
      async () => {
        const now = await totals();
        expect(now.posts).toBeGreaterThan(before.posts);
        expect(now.likes).toBeGreaterThan(before.likes);
      },
      { timeout: 20_000, interval: 100 },
    );
    const { db } = ctx.server.database;
    const [alice] = await db.select({ id: users.id }).from(users).where(eq(users.username, DEMO_USERNAME));
    const newest = await db.select({ authorId: tweets.authorId }).from(tweets).orderBy(tweets.createdAt);
    expect(newest.slice(-5).every((tweet) => tweet.authorId !== alice?.id)).toBe(true);

    await activity?.stop();
    const stoppedAt = await totals();
    const actions = activity?.actions ?? 0;
    // Stopped means stopped: a later look finds the same totals and no further action.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await totals()).toEqual(stoppedAt);
    expect(activity?.actions).toBe(actions);
  });
});
