import { randomUUID } from "node:crypto";
import { count, eq, feedEntries, tweets } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { channels } from "../channels";
import { createTestApi, readNotifications, rejection, type TestApi, trackedItem } from "../testing";

const drivers = await testDrivers();

describe.each(drivers)("timeline semantics on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  /** A fresh signed-in user and their caller. */
  const member = (name = `tl${++counter}`) => api.member(name);

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  it("bookmarks lists my bookmarks, newest bookmark first, in cursor pages, and nobody else's", async () => {
    const alice = await member();
    const bob = await member();
    const posts = [];
    for (const n of [1, 2, 3]) posts.push(await alice.call.tweet.create({ content: `post ${n}` }));
    // Bookmarked in the order 2, 0, 1: the list follows the bookmark time, not the post time.
    for (const index of [2, 0, 1]) await bob.call.engagement.bookmark({ tweetId: posts[index]?.id ?? "" });
    await alice.call.engagement.bookmark({ tweetId: posts[2]?.id ?? "" });

    const first = await bob.call.engagement.bookmarks({ limit: 2 });
    expect(first.items.map((tweet) => tweet.content)).toEqual(["post 2", "post 1"]);
    const second = await bob.call.engagement.bookmarks({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((tweet) => tweet.content)).toEqual(["post 3"]);
    expect(second.nextCursor).toBeNull();

    await bob.call.engagement.unbookmark({ tweetId: posts[0]?.id ?? "" });
    expect((await bob.call.engagement.bookmarks({})).items.map((tweet) => tweet.content)).toEqual(["post 2", "post 3"]);
    expect((await alice.call.engagement.bookmarks({})).items.map((tweet) => tweet.content)).toEqual(["post 3"]);
    expect((await rejection(bob.call.engagement.bookmarks({ cursor: "garbage" }))).code).toBe("BAD_REQUEST");
  });

  it("tweet.create with a request id is idempotent: a concurrent double submit writes, counts and notifies once", async () => {
    const alice = await member();
    const bob = await member();
    const root = await bob.call.tweet.create({ content: "root" });
    const published: string[] = [];
    const stop = api.deps.bus.listen(channels.userNotifications(bob.user.id), () => published.push("n"));
    const requestId = randomUUID();
    const input = { content: `hello @${bob.user.username}`, replyToId: root.id, requestId };
    const [first, second] = await Promise.all([alice.call.tweet.create(input), alice.call.tweet.create(input)]);
    const third = await alice.call.tweet.create(input);
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);

    const [written] = await api.database.db
      .select({ n: count() })
      .from(tweets)
      .where(eq(tweets.authorId, alice.user.id));
    expect(written?.n).toBe(1);
    const [own] = await api.database.db
      .select({ n: count() })
      .from(feedEntries)
      .where(eq(feedEntries.userId, alice.user.id));
    expect(own?.n).toBe(1);
    expect((await bob.call.tweet.get({ tweetId: root.id })).counts.replies).toBe(1);
    // One REPLY to bob (the mention of the parent's author is folded into it), listed once.
    expect((await bob.call.notification.list({})).items.map((item) => item.kind)).toEqual(["REPLY"]);
    await vi.waitFor(() => expect(published.length).toBeGreaterThan(0));
    expect(published).toHaveLength(1);
    await stop.unsubscribe();

    // Another draft (another id) is another tweet; the same id from someone else is theirs.
    const other = await alice.call.tweet.create({ content: "hello again", requestId: randomUUID() });
    expect(other.id).not.toBe(first.id);
    const bobs = await bob.call.tweet.create({ content: "mine", requestId });
    expect(bobs.author.id).toBe(bob.user.id);
    expect((await rejection(alice.call.tweet.create({ content: "x", requestId: "not-a-uuid" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  /** Reads `count` items of feed.onNew as [id, type, tweet id], then ends the subscription. */
  async function feedStream(call: Awaited<ReturnType<TestApi["caller"]>>, lastEventId: string, count: number) {
    const items: Array<[string, string, string | undefined]> = [];
    const iterable = await call.feed.onNew({ lastEventId });
    const done = (async () => {
      for await (const tracked of iterable) {
        const [id, data] = trackedItem(tracked);
        const tweetId =
          data.type === "event" ? data.event.tweet.id : data.type === "removed" ? data.tweetId : undefined;
        items.push([id, data.type, tweetId]);
        if (items.length >= count) break;
      }
    })();
    return { items, done };
  }

  it("tweet.delete: only the author; gone from feeds (a live, resumable removal), counts and bookmarks; replies stay", async () => {
    const alice = await member();
    const bob = await member();
    const carol = await member();
    await bob.call.user.follow({ userId: alice.user.id });
    const post = await alice.call.tweet.create({ content: "to be deleted #gone" });
    const kept = await alice.call.tweet.create({ content: "kept" });
    await vi.waitFor(async () => expect((await bob.call.feed.list({})).items).toHaveLength(2));
    const reply = await carol.call.tweet.create({ content: "a reply", replyToId: post.id });
    await bob.call.engagement.bookmark({ tweetId: post.id });
    await bob.call.engagement.like({ tweetId: post.id });

    expect((await rejection(bob.call.tweet.delete({ tweetId: post.id }))).code).toBe("FORBIDDEN");
    expect((await rejection(bob.call.tweet.delete({ tweetId: "00000000-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );

    const live = await feedStream(bob.call, "2", 1);
    expect(await alice.call.tweet.delete({ tweetId: post.id })).toEqual({ deleted: true, changed: true });
    await live.done;
    expect(live.items).toEqual([["3", "removed", post.id]]);
    // A client that was away replays the removal in order after the entries it missed.
    const resumed = await feedStream(bob.call, "0", 2);
    await resumed.done;
    expect(resumed.items).toEqual([
      ["2", "event", kept.id],
      ["3", "removed", post.id],
    ]);

    expect((await bob.call.feed.list({})).items.map((entry) => entry.tweet.id)).toEqual([kept.id]);
    expect((await alice.call.feed.list({})).items.map((entry) => entry.tweet.id)).toEqual([kept.id]);
    expect((await alice.call.tweet.byUser({ userId: alice.user.id })).items.map((tweet) => tweet.id)).toEqual([
      kept.id,
    ]);
    expect((await bob.call.engagement.bookmarks({})).items).toEqual([]);
    expect((await rejection(bob.call.tweet.get({ tweetId: post.id }))).code).toBe("NOT_FOUND");
    expect((await rejection(bob.call.engagement.like({ tweetId: post.id }))).code).toBe("NOT_FOUND");
    expect((await rejection(carol.call.tweet.create({ content: "late", replyToId: post.id }))).code).toBe("NOT_FOUND");
    // The like of it went with it; the reply (a post of its own) and the follow stay.
    expect((await alice.call.notification.list({})).items.map((item) => item.kind)).toEqual(["REPLY", "FOLLOW"]);

    // The reply stays, under a placeholder that says nothing of what was deleted.
    const thread = await carol.call.tweet.thread({ tweetId: reply.id });
    expect(thread.ancestors).toHaveLength(1);
    expect(thread.ancestors[0]).toMatchObject({ id: post.id, deleted: true, content: "", topics: [] });
    expect(thread.tweet).toMatchObject({ id: reply.id, deleted: false });

    expect(await alice.call.tweet.delete({ tweetId: post.id })).toEqual({ deleted: true, changed: false });
    const reply2 = await carol.call.tweet.create({ content: "another", replyToId: kept.id });
    await carol.call.tweet.delete({ tweetId: reply2.id });
    expect((await alice.call.tweet.get({ tweetId: kept.id })).counts.replies).toBe(0);
  });

  it("tweet.delete retracts the notifications about the post (live, in the replay, off list and badge); its engagement stream says deleted", async () => {
    const alice = await member();
    const bob = await member();
    const carol = await member();
    const dave = await member();
    const post = await alice.call.tweet.create({ content: "soon gone" });
    await bob.call.engagement.like({ tweetId: post.id });
    await carol.call.engagement.retweet({ tweetId: post.id });
    const reply = await carol.call.tweet.create({ content: `@${dave.user.username} look`, replyToId: post.id });
    const [replied, retweeted, liked] = (await alice.call.notification.list({})).items;
    expect([replied?.kind, retweeted?.kind, liked?.kind]).toEqual(["REPLY", "RETWEET", "LIKE"]);
    const [mention] = (await dave.call.notification.list({})).items;
    expect(mention?.kind).toBe("MENTION");
    expect(await alice.call.notification.unreadCount()).toBe(3);

    // Bob has the post on screen: its engagement stream, until it says the post is gone.
    const states: Array<{ likes: number; retweets: number; deleted: boolean }> = [];
    const engagement = await bob.call.engagement.onUpdate({ tweetId: post.id });
    const engagementDone = (async () => {
      for await (const { likes, retweets, deleted } of engagement) {
        states.push({ likes, retweets, deleted });
        if (deleted) break;
      }
    })();
    await vi.waitFor(() => expect(states).toHaveLength(1));
    const unread = await alice.call.notification.onUnreadCount();
    const badgeDropped = (async () => {
      for await (const { unread: count } of unread) if (count === 0) break;
    })();

    // Alice hears the three retractions then the follow (the end marker: nothing else came in between); dave his one.
    const aliceLive = await readNotifications(alice.call, "3", 4);
    const daveLive = await readNotifications(dave.call, "1", 2);
    await carol.call.tweet.delete({ tweetId: reply.id });
    expect(await alice.call.tweet.delete({ tweetId: post.id })).toEqual({ deleted: true, changed: true });
    await badgeDropped;
    expect(await alice.call.notification.unreadCount()).toBe(0);
    expect((await alice.call.notification.list({})).items).toEqual([]);
    expect((await alice.call.notification.groups({})).items).toEqual([]);
    expect((await dave.call.notification.list({})).items).toEqual([]);
    await bob.call.user.follow({ userId: alice.user.id });
    await bob.call.user.follow({ userId: dave.user.id });
    await Promise.all([aliceLive.done, daveLive.done]);
    expect(aliceLive.items).toEqual([
      ["4", "retracted", replied?.id, "REPLY"],
      ["5", "retracted", liked?.id, "LIKE"],
      ["6", "retracted", retweeted?.id, "RETWEET"],
      ["7", "event", expect.any(String), "FOLLOW"],
    ]);
    expect(daveLive.items).toEqual([
      ["2", "retracted", mention?.id, "MENTION"],
      ["3", "event", expect.any(String), "FOLLOW"],
    ]);
    // A client that was away replays the retractions in order; nothing about the post comes back as new.
    const resumed = await readNotifications(alice.call, "0", 4);
    await resumed.done;
    expect(resumed.items).toEqual(aliceLive.items);

    // The engagement stream's last state: the counts the post had, marked deleted (an added field).
    await engagementDone;
    expect(states[0]).toEqual({ likes: 1, retweets: 1, deleted: false });
    expect(states.at(-1)).toEqual({ likes: 1, retweets: 1, deleted: true });
    // Subscribing after the delete (a reconnect) starts with the tombstone's state; an unknown id is still NOT_FOUND.
    const late = (await carol.call.engagement.onUpdate({ tweetId: post.id }))[Symbol.asyncIterator]();
    expect((await late.next()).value).toMatchObject({ tweetId: post.id, deleted: true });
    await late.return?.(undefined);

    // Deleting again retracts nothing more: the next seq is the next event's.
    expect(await alice.call.tweet.delete({ tweetId: post.id })).toEqual({ deleted: true, changed: false });
    const after = await readNotifications(alice.call, "7", 1);
    await carol.call.user.follow({ userId: alice.user.id });
    await after.done;
    expect(after.items).toEqual([["8", "event", expect.any(String), "FOLLOW"]]);
  });

  it("follow backfills the followee's latest posts in order, live; unfollow removes them; a re-follow brings them back", async () => {
    const alice = await member();
    const bob = await member();
    const mine = await bob.call.tweet.create({ content: "bob's own" });
    const posts = [];
    for (let n = 1; n <= 22; n++) posts.push(await alice.call.tweet.create({ content: `alice ${n}` }));
    await alice.call.tweet.delete({ tweetId: posts[21]?.id ?? "" });
    const latest = posts.slice(1, 21).map((tweet) => tweet.id); // 2..21: the 20 newest not deleted

    const live = await feedStream(bob.call, "1", 20);
    await bob.call.user.follow({ userId: alice.user.id });
    await live.done;
    // Oldest first in the stream, numbered after bob's own post.
    expect(live.items.map(([id]) => id)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 2)));
    expect(live.items.map(([, , tweetId]) => tweetId)).toEqual(latest);
    const feed = await bob.call.feed.list({ limit: 50 });
    expect(feed.items.map((entry) => entry.tweet.id)).toEqual([...latest].reverse().concat(mine.id));

    // Following again changes nothing.
    await bob.call.user.follow({ userId: alice.user.id });
    expect((await bob.call.feed.list({ limit: 50 })).items).toHaveLength(21);

    const removals = await feedStream(bob.call, "21", 20);
    expect(await bob.call.user.unfollow({ userId: alice.user.id })).toEqual({ following: false, changed: true });
    await removals.done;
    expect(removals.items.map(([, type]) => type)).toEqual(Array(20).fill("removed"));
    expect(removals.items.map(([, , tweetId]) => tweetId)).toEqual(latest);
    expect((await bob.call.feed.list({ limit: 50 })).items.map((entry) => entry.tweet.id)).toEqual([mine.id]);
    expect(await bob.call.user.unfollow({ userId: alice.user.id })).toEqual({ following: false, changed: false });

    await bob.call.user.follow({ userId: alice.user.id });
    expect((await bob.call.feed.list({ limit: 50 })).items.map((entry) => entry.tweet.id)).toEqual(
      [...latest].reverse().concat(mine.id),
    );
    // And a new post still fans out to him.
    const fresh = await alice.call.tweet.create({ content: "after the re-follow" });
    await vi.waitFor(async () => expect((await bob.call.feed.list({ limit: 1 })).items[0]?.tweet.id).toBe(fresh.id));
  });

  it("reposts fan out to the reposters' followers as one 'reposted by' entry; undo removes it once nobody reposts", async () => {
    const [alice, bob, carol, dave, eve] = [
      await member(),
      await member(),
      await member(),
      await member(),
      await member(),
    ];
    await dave.call.user.follow({ userId: bob.user.id });
    await dave.call.user.follow({ userId: carol.user.id });
    await eve.call.user.follow({ userId: alice.user.id });
    await eve.call.user.follow({ userId: bob.user.id });
    await alice.call.user.follow({ userId: bob.user.id });
    const post = await alice.call.tweet.create({ content: "worth sharing" });
    await vi.waitFor(async () => expect((await eve.call.feed.list({})).items).toHaveLength(1));

    await bob.call.engagement.retweet({ tweetId: post.id });
    await carol.call.engagement.retweet({ tweetId: post.id });
    const names = (entry: { repostedBy?: { users: Array<{ username: string }>; total: number } }) =>
      entry.repostedBy && [entry.repostedBy.users.map((user) => user.username), entry.repostedBy.total];
    await vi.waitFor(async () => {
      const feed = (await dave.call.feed.list({})).items;
      expect(feed.map((entry) => [entry.tweet.id, names(entry)])).toEqual([
        [post.id, [[bob.user.username, carol.user.username], 2]],
      ]);
    });
    // Eve follows the author: her entry is the post itself, once, not a repost; the author gets no repost of her own.
    expect((await eve.call.feed.list({})).items.map((entry) => [entry.tweet.id, names(entry)])).toEqual([
      [post.id, undefined],
    ]);
    expect((await alice.call.feed.list({})).items.map((entry) => entry.tweet.id)).toEqual([post.id]);
    expect((await bob.call.feed.list({})).items).toEqual([]);

    // Bob undoes: Carol still reposts it, so Dave keeps one entry, now "reposted by carol"; Eve keeps the post.
    await bob.call.engagement.unretweet({ tweetId: post.id });
    await vi.waitFor(async () =>
      expect((await dave.call.feed.list({})).items.map(names)).toEqual([[[carol.user.username], 1]]),
    );
    const removal = await feedStream(dave.call, "1", 1);
    await carol.call.engagement.unretweet({ tweetId: post.id });
    await removal.done;
    expect(removal.items).toEqual([["2", "removed", post.id]]);
    expect((await dave.call.feed.list({})).items).toEqual([]);
    expect((await eve.call.feed.list({})).items.map((entry) => entry.tweet.id)).toEqual([post.id]);
  });
});
