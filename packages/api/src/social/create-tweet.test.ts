import { eq, feedEntries, jobOutbox, notifications, queryRows, sql, streamSequences, tweets } from "@pulse/db";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { createInProcessJobQueue } from "@pulse/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, rejection, type TestApi } from "../testing";
import { hasFollowers, namedUserIds } from "./create-tweet";

const drivers = await testDrivers();

// The single-statement write of tweet.create: what it stores, and what it leaves out.
describe.each(drivers)("tweet.create's one statement on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  async function member() {
    const { token, user } = await (await api.caller()).auth.signup({
      username: `writer${++counter}`,
      password: "correct horse battery",
    });
    return { user, call: await api.caller({ token }) };
  }

  beforeAll(async () => {
    // A queue nobody works: the outbox rows stay visible to the test.
    api = await createTestApi(driver, { jobs: createInProcessJobQueue() });
  });
  afterAll(() => api.close());

  it("writes the author's own feed entry, and a fan-out job only when the author has followers", async () => {
    const loner = await member();
    const lonely = await loner.call.tweet.create({ content: "nobody reads this" });
    expect(
      await api.deps.db
        .select()
        .from(jobOutbox)
        .where(eq(jobOutbox.jobId, `feed.fanout-${lonely.id}`)),
    ).toEqual([]);
    const [own] = await api.deps.db.select().from(feedEntries).where(eq(feedEntries.tweetId, lonely.id));
    expect(own).toMatchObject({ userId: loner.user.id, seq: 1, authorId: loner.user.id });

    const fan = await member();
    await fan.call.user.follow({ userId: loner.user.id });
    const read = await loner.call.tweet.create({ content: "now someone does" });
    const jobs = await api.deps.db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.jobId, `feed.fanout-${read.id}`));
    expect(jobs.map((job) => job.payload)).toEqual([{ tweetId: read.id }]);
    expect((await loner.call.feed.list({})).items.map((entry) => [entry.seq, entry.tweet.id])).toEqual([
      [2, read.id],
      [1, lonely.id],
    ]);
  });

  it("notifies each person once: REPLY wins over MENTION, never oneself, unknown names ignored", async () => {
    const [author, replier, mentioned] = [await member(), await member(), await member()];
    const root = await author.call.tweet.create({ content: "root" });
    const reply = await replier.call.tweet.create({
      content: `@${author.user.username} @${mentioned.user.username} @${replier.user.username} @nobody_here hi`,
      replyToId: root.id,
    });
    expect(reply).toMatchObject({
      replyToId: root.id,
      author: { id: replier.user.id },
      counts: { likes: 0, replies: 0, retweets: 0, bookmarks: 0 },
    });
    const rows = await api.deps.db.select().from(notifications).where(eq(notifications.tweetId, reply.id));
    expect(rows.map((row) => [row.recipientId, row.kind, row.seq]).sort()).toEqual(
      [
        [author.user.id, "REPLY", 1],
        [mentioned.user.id, "MENTION", 1],
      ].sort(),
    );
    const [stored] = await api.deps.db.select().from(tweets).where(eq(tweets.id, reply.id));
    expect(new Set(stored?.mentionIds)).toEqual(new Set([author.user.id, mentioned.user.id, replier.user.id]));
    expect((await author.call.tweet.get({ tweetId: root.id })).counts.replies).toBe(1);
  });

  it("a reply to a missing tweet is NOT_FOUND and writes nothing, not even a sequence number", async () => {
    const writer = await member();
    const error = await rejection(
      writer.call.tweet.create({ content: "into the void", replyToId: "00000000-0000-7000-8000-000000000000" }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await api.deps.db.select().from(tweets).where(eq(tweets.authorId, writer.user.id))).toEqual([]);
    expect(await api.deps.db.select().from(streamSequences).where(eq(streamSequences.userId, writer.user.id))).toEqual(
      [],
    );
  });
});

describe.runIf(drivers.includes("postgres"))("the mention lookup of tweet.create on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    await database.db.execute(sql`insert into users (id, username, display_name, password_hash)
      select gen_random_uuid(), 'member' || n, 'Member', '-' from generate_series(1, 10000) n`);
    // Skewed as in life (and in the bench): one account followed by everyone else.
    await database.db.execute(sql`insert into follows (follower_id, followee_id)
      select id, (select id from users where username = 'member1') from users where username <> 'member1'`);
    await database.db.execute(sql`analyze users`);
    await database.db.execute(sql`analyze follows`);
  });
  afterAll(() => database?.close());

  it("probes the username index for each name instead of scanning every user", async () => {
    const plan = await queryRows<{ "QUERY PLAN": unknown }>(
      database.db,
      sql`explain (format json) ${namedUserIds(["member17", "member4242"])}`,
    );
    const text = JSON.stringify(plan);
    expect(text).toContain("users_username_unique");
    expect(text).not.toContain("Seq Scan");
    const ids = await queryRows<{ id: string }>(database.db, namedUserIds(["member17", "member4242", "nobody"]));
    expect(ids).toHaveLength(2);
  });

  it("asks for one follower by index, also in the generic plan of a prepared statement", async () => {
    // tweet.create runs as a named prepared statement: after a few runs PostgreSQL may keep a generic plan, which
    // cannot see the author and, with skewed follows, expects every row to match.
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      await tx.execute(sql`prepare has_followers_plan(uuid) as select ${hasFollowers(sql.raw("$1"))} as yes`);
      const rows = await queryRows<{ "QUERY PLAN": unknown }>(
        tx,
        // A literal: EXECUTE takes no bound parameters. A fresh uuid, nobody's: an author without followers.
        sql`explain (format json) execute has_followers_plan(${sql.raw(`'${crypto.randomUUID()}'`)})`,
      );
      await tx.execute(sql`deallocate has_followers_plan`);
      return JSON.stringify(rows);
    });
    expect(plan).toContain("follows_followee_idx");
    expect(plan).not.toContain("Seq Scan");
    const [star] = await queryRows<{ id: string }>(database.db, namedUserIds(["member1"]));
    const [fan] = await queryRows<{ id: string }>(database.db, namedUserIds(["member2"]));
    const answer = async (id: string | undefined) =>
      (await queryRows<{ yes: boolean }>(database.db, sql`select ${hasFollowers(sql`${id}::uuid`)} as yes`))[0]?.yes;
    expect(await answer(star?.id)).toBe(true);
    expect(await answer(fan?.id)).toBe(false);
  });
});
