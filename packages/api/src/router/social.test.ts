import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();

describe.each(drivers)("social router on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  /** A fresh signed-in user and their caller. */
  const member = (name = `user${++counter}`) => api.member(name);

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  it("follow notifies once, refuses self and unknown users, and lists both sides with cursors", async () => {
    const alice = await member();
    const fans = await Promise.all([member(), member(), member()]);
    for (const fan of fans)
      expect(await fan.call.user.follow({ userId: alice.user.id })).toEqual({ following: true, changed: true });
    expect(await fans[0]?.call.user.follow({ userId: alice.user.id })).toEqual({ following: true, changed: false });
    expect((await rejection(alice.call.user.follow({ userId: alice.user.id }))).code).toBe("BAD_REQUEST");
    expect((await rejection(alice.call.user.follow({ userId: "00000000-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );

    const notifications = await alice.call.notification.list({});
    expect(notifications.items.map((item) => [item.kind, item.actor.username])).toEqual(
      fans.map((fan) => ["FOLLOW", fan.user.username]).reverse(),
    );

    const firstPage = await alice.call.user.followers({ userId: alice.user.id, limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const secondPage = await alice.call.user.followers({
      userId: alice.user.id,
      limit: 2,
      cursor: firstPage.nextCursor,
    });
    expect(secondPage.nextCursor).toBeNull();
    expect([...firstPage.items, ...secondPage.items].map((item) => item.username).sort()).toEqual(
      fans.map((fan) => fan.user.username).sort(),
    );
    expect(
      (await fans[1]?.call.user.following({ userId: fans[1]?.user.id ?? "" }))?.items.map((item) => item.id),
    ).toEqual([alice.user.id]);
    expect(await alice.call.user.get({ username: alice.user.username })).toMatchObject({ followers: 3, following: 0 });

    expect(await fans[0]?.call.user.unfollow({ userId: alice.user.id })).toEqual({ following: false, changed: true });
    expect((await rejection(alice.call.user.followers({ userId: alice.user.id, cursor: "garbage" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("tweets: topics, mentions and replies notify the right people; threads and pages read back", async () => {
    const alice = await member();
    const bob = await member();
    const carol = await member();
    const root = await alice.call.tweet.create({
      content: `Shipping #Rust today, cc @${bob.user.username} and @nobody_at_all`,
    });
    expect(root.topics).toEqual(["rust"]);
    expect(root.author.username).toBe(alice.user.username);

    const reply = await carol.call.tweet.create({ content: `Nice @${alice.user.username}!`, replyToId: root.id });
    const nested = await bob.call.tweet.create({ content: "Agreed", replyToId: reply.id });
    expect((await alice.call.tweet.get({ tweetId: root.id })).counts.replies).toBe(1);

    const thread = await bob.call.tweet.thread({ tweetId: reply.id });
    expect(thread.ancestors.map((tweet) => tweet.id)).toEqual([root.id]);
    expect(thread.tweet.id).toBe(reply.id);
    expect(thread.replies.map((tweet) => tweet.id)).toEqual([nested.id]);

    const bobSaw = await bob.call.notification.list({});
    expect(bobSaw.items.map((item) => item.kind)).toEqual(["MENTION"]);
    // Carol replied to alice and mentioned her: one REPLY, not also a MENTION.
    const aliceSaw = await alice.call.notification.list({});
    expect(aliceSaw.items.map((item) => [item.kind, item.actor.username])).toEqual([["REPLY", carol.user.username]]);
    const carolSaw = await carol.call.notification.list({});
    expect(carolSaw.items.map((item) => [item.kind, item.actor.username])).toEqual([["REPLY", bob.user.username]]);

    for (let index = 0; index < 4; index++) await alice.call.tweet.create({ content: `post ${index}` });
    const first = await bob.call.tweet.byUser({ userId: alice.user.id, limit: 3 });
    const rest = await bob.call.tweet.byUser({ userId: alice.user.id, limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...rest.items].map((tweet) => tweet.content)).toEqual([
      "post 3",
      "post 2",
      "post 1",
      "post 0",
      root.content,
    ]);
    expect(rest.nextCursor).toBeNull();

    expect((await rejection(alice.call.tweet.create({ content: "x".repeat(281) }))).message).toContain("content");
    expect((await rejection(alice.call.tweet.create({ content: "   " }))).code).toBe("BAD_REQUEST");
    expect(
      (await rejection(alice.call.tweet.create({ content: "hi", replyToId: "00000000-0000-7000-8000-000000000000" })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("engagement is idempotent: a double like is one like and one notification; unlike and re-like notify no more", async () => {
    const alice = await member();
    const bob = await member();
    const tweet = await alice.call.tweet.create({ content: "like me" });
    expect((await bob.call.engagement.like({ tweetId: tweet.id })).counts.likes).toBe(1);
    expect(await bob.call.engagement.like({ tweetId: tweet.id })).toMatchObject({
      changed: false,
      counts: { likes: 1 },
    });
    expect((await bob.call.engagement.unlike({ tweetId: tweet.id })).counts.likes).toBe(0);
    expect((await bob.call.engagement.unlike({ tweetId: tweet.id })).counts.likes).toBe(0);
    await bob.call.engagement.like({ tweetId: tweet.id });
    await bob.call.engagement.retweet({ tweetId: tweet.id });
    await bob.call.engagement.bookmark({ tweetId: tweet.id });
    await alice.call.engagement.like({ tweetId: tweet.id });
    expect((await alice.call.tweet.get({ tweetId: tweet.id })).counts).toEqual({
      tweetId: tweet.id,
      likes: 2,
      replies: 0,
      retweets: 1,
      bookmarks: 1,
    });
    expect(await bob.call.engagement.mine({ tweetIds: [tweet.id] })).toEqual([
      { tweetId: tweet.id, like: true, retweet: true, bookmark: true },
    ]);
    expect(await alice.call.engagement.mine({ tweetIds: [tweet.id] })).toEqual([
      { tweetId: tweet.id, like: true, retweet: false, bookmark: false },
    ]);
    // No self-notification, no notification for bookmarks.
    const seen = await alice.call.notification.list({});
    expect(seen.items.map((item) => item.kind)).toEqual(["RETWEET", "LIKE"]);
    expect((await rejection(bob.call.engagement.like({ tweetId: "00000000-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await rejection(bob.call.engagement.like({ tweetId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });

  it("unread count and markRead (ids or all) only touch the caller's own notifications", async () => {
    const alice = await member();
    const bob = await member();
    const fans = await Promise.all([member(), member(), member()]);
    for (const fan of fans) await fan.call.user.follow({ userId: alice.user.id });
    await fans[0]?.call.user.follow({ userId: bob.user.id });
    expect(await alice.call.notification.unreadCount()).toBe(3);
    const [newest] = (await alice.call.notification.list({})).items;
    // Bob cannot mark alice's notification as read.
    expect(await bob.call.notification.markRead({ ids: [newest?.id ?? ""] })).toEqual({ changed: 0 });
    expect(await alice.call.notification.markRead({ ids: [newest?.id ?? ""] })).toEqual({ changed: 1 });
    expect(await alice.call.notification.unreadCount()).toBe(2);
    expect(await alice.call.notification.markRead({ all: true })).toEqual({ changed: 2 });
    expect(await alice.call.notification.unreadCount()).toBe(0);
    expect(await bob.call.notification.unreadCount()).toBe(1);
    expect((await rejection(alice.call.notification.markRead({ ids: [] }))).code).toBe("BAD_REQUEST");
  });

  it("streams require a signed-in user", async () => {
    const anonymous = await api.caller();
    expect((await rejection(anonymous.notification.onNew({}))).code).toBe("UNAUTHORIZED");
    expect((await rejection(anonymous.notification.list({}))).code).toBe("UNAUTHORIZED");
  });
});
