import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PREVIEW_CHARS } from "../notifications/records";
import { createTestApi, readNotifications, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();

type Caller = Awaited<ReturnType<TestApi["caller"]>>;

describe.each(drivers)("notifications as users know them on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  const member = (name = `nt${++counter}`) => api.member(name);

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  /** The unread-count stream: the first `count` values it pushed, in order. */
  async function badge(call: Caller, count: number) {
    const values: number[] = [];
    const iterable = await call.notification.onUnreadCount();
    const done = (async () => {
      for await (const { unread } of iterable) {
        values.push(unread);
        if (values.length >= count) break;
      }
    })();
    return { values, done };
  }

  it("groups per post and kind (follows together), newest group first, with a preview and whole-group counts", async () => {
    const alice = await member();
    const fans = [];
    for (let index = 0; index < 5; index += 1) fans.push(await member());
    const long = `${"long words ".repeat(20)}end`;
    const post = await alice.call.tweet.create({ content: `first line\n  of   my post ${long}` });
    const other = await alice.call.tweet.create({ content: "another post" });
    for (const fan of fans) await fan.call.engagement.like({ tweetId: post.id });
    for (const fan of fans.slice(0, 2)) await fan.call.engagement.retweet({ tweetId: post.id });
    for (const fan of fans.slice(0, 4)) await fan.call.user.follow({ userId: alice.user.id });
    await fans[4]?.call.engagement.like({ tweetId: other.id });
    const reply = await fans[0]?.call.tweet.create({ content: "nice one", replyToId: other.id });

    const { items, nextCursor } = await alice.call.notification.groups({});
    expect(nextCursor).toBeNull();
    expect(items.map((group) => [group.kind, group.tweetId, group.actorCount])).toEqual([
      ["REPLY", reply?.id, 1],
      ["LIKE", other.id, 1],
      ["FOLLOW", null, 4],
      ["RETWEET", post.id, 2],
      ["LIKE", post.id, 5],
    ]);
    const likes = items[4];
    // Newest actor first, three named; the rest is the count.
    expect(likes?.actors.map((actor) => actor.id)).toEqual([fans[4], fans[3], fans[2]].map((fan) => fan?.user.id));
    expect(likes?.unreadCount).toBe(5);
    expect(likes?.unreadIds).toHaveLength(5);
    // One line, whitespace collapsed, cut to PREVIEW_CHARS code points with an ellipsis.
    expect(likes?.preview?.startsWith("first line of my post long words")).toBe(true);
    expect(Array.from(likes?.preview ?? "")).toHaveLength(PREVIEW_CHARS);
    expect(likes?.preview?.endsWith("…")).toBe(true);
    expect(items[0]?.preview).toBe("nice one");
    expect(items[1]?.preview).toBe("another post");
    expect(items[2]).toMatchObject({ key: "FOLLOW:-", preview: null, tweetId: null });
    // The plain list carries the preview too.
    expect((await alice.call.notification.list({ limit: 1 })).items[0]?.preview).toBe("nice one");

    // Keyset pages of groups: a group is never split or repeated.
    const first = await alice.call.notification.groups({ limit: 2 });
    const second = await alice.call.notification.groups({ limit: 2, cursor: first.nextCursor });
    const third = await alice.call.notification.groups({ limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((group) => group.key)).toEqual(
      items.map((group) => group.key),
    );
    expect(third.nextCursor).toBeNull();

    // Marking a group read marks its members; the group says so.
    expect(await alice.call.notification.markRead({ ids: likes?.unreadIds ?? [] })).toEqual({ changed: 5 });
    const after = await alice.call.notification.groups({});
    expect(after.items.find((group) => group.key === likes?.key)).toMatchObject({ unreadCount: 0, unreadIds: [] });
  });

  it("the badge counts what came after the seen marker, on every tab, live; read state per item stays", async () => {
    const alice = await member();
    const [bob, carol, dave] = [await member(), await member(), await member()];
    const post = await alice.call.tweet.create({ content: "count me" });
    await bob.call.engagement.like({ tweetId: post.id });
    await carol.call.engagement.like({ tweetId: post.id });
    expect(await alice.call.notification.unreadCount()).toBe(2);

    // Two tabs watch the badge; a third opens the list and marks it seen up to what it shows (seq 2).
    const tabs = [await badge(alice.call, 6), await badge(alice.call, 6)];
    await vi.waitFor(() => expect(tabs.map((tab) => tab.values)).toEqual([[2], [2]]));
    const shown = (await alice.call.notification.list({})).items;
    expect(await alice.call.notification.markSeen({ upToSeq: shown[0]?.seq ?? 0 })).toEqual({ changed: true });
    await vi.waitFor(() => expect(tabs.map((tab) => tab.values.at(-1))).toEqual([0, 0]));
    expect(await alice.call.notification.unreadCount()).toBe(0);
    // Seen is not read: each item stays unread until marked.
    expect((await alice.call.notification.list({})).items.map((item) => item.read)).toEqual([false, false]);

    // Something new counts again, live.
    await dave.call.user.follow({ userId: alice.user.id });
    await vi.waitFor(() => expect(tabs.map((tab) => tab.values.at(-1))).toEqual([1, 1]));
    // The marker never moves back, nor past the newest seq (a client cannot pre-clear what has not come yet).
    expect(await alice.call.notification.markSeen({ upToSeq: 1 })).toEqual({ changed: false });
    expect(await alice.call.notification.markSeen({ upToSeq: 1_000_000 })).toEqual({ changed: true });
    await vi.waitFor(() => expect(tabs.map((tab) => tab.values.at(-1))).toEqual([0, 0]));
    await bob.call.user.follow({ userId: alice.user.id });
    await vi.waitFor(() => expect(tabs.map((tab) => tab.values.at(-1))).toEqual([1, 1]));
    expect(await alice.call.notification.unreadCount()).toBe(1);
    // Marking it read takes it off the badge too.
    const [newest] = (await alice.call.notification.list({})).items;
    await alice.call.notification.markRead({ ids: [newest?.id ?? ""] });
    await Promise.all(tabs.map((tab) => tab.done));
    expect(tabs.map((tab) => tab.values)).toEqual([
      [2, 0, 1, 0, 1, 0],
      [2, 0, 1, 0, 1, 0],
    ]);
    // Each user has their own marker.
    await alice.call.engagement.like({ tweetId: (await bob.call.tweet.create({ content: "b" })).id });
    expect(await bob.call.notification.unreadCount()).toBe(1);
    expect((await rejection(alice.call.notification.markSeen({ upToSeq: -1 }))).code).toBe("BAD_REQUEST");
    expect((await rejection(alice.call.notification.markSeen({ upToSeq: 1.5 }))).code).toBe("BAD_REQUEST");
  });

  it("undoing a like, retweet or follow retracts its notification: live, in the replay, off the list and badge", async () => {
    const alice = await member();
    const bob = await member();
    const post = await alice.call.tweet.create({ content: "undo me" });
    await bob.call.engagement.like({ tweetId: post.id });
    await bob.call.engagement.retweet({ tweetId: post.id });
    await bob.call.user.follow({ userId: alice.user.id });
    const [follow, retweet, like] = (await alice.call.notification.list({})).items;
    expect([follow?.kind, retweet?.kind, like?.kind]).toEqual(["FOLLOW", "RETWEET", "LIKE"]);
    expect(await alice.call.notification.unreadCount()).toBe(3);

    const live = await readNotifications(alice.call, "3", 3);
    // A client built before retractions existed does not ask for them: it sees only the re-likes further down.
    const legacy = await readNotifications(alice.call, "3", 2, false);
    await bob.call.engagement.unlike({ tweetId: post.id });
    await bob.call.engagement.unretweet({ tweetId: post.id });
    await bob.call.user.unfollow({ userId: alice.user.id });
    await live.done;
    expect(live.items).toEqual([
      ["4", "retracted", like?.id, "LIKE"],
      ["5", "retracted", retweet?.id, "RETWEET"],
      ["6", "retracted", follow?.id, "FOLLOW"],
    ]);
    expect((await alice.call.notification.list({})).items).toEqual([]);
    expect((await alice.call.notification.groups({})).items).toEqual([]);
    expect(await alice.call.notification.unreadCount()).toBe(0);

    // A client that was away replays the retractions in order; the retracted ones are not replayed as new.
    const resumed = await readNotifications(alice.call, "0", 3);
    await resumed.done;
    expect(resumed.items.map(([id, type]) => [id, type])).toEqual([
      ["4", "retracted"],
      ["5", "retracted"],
      ["6", "retracted"],
    ]);

    // Re-liking brings the same notification back (same id, next seq), never a second one; an unlike of an
    // unliked post retracts nothing. The retweet stays retracted: the end marker proves nothing else was sent.
    const again = await readNotifications(alice.call, "6", 3);
    await bob.call.engagement.like({ tweetId: post.id });
    await bob.call.engagement.unlike({ tweetId: post.id });
    await bob.call.engagement.unlike({ tweetId: post.id });
    await bob.call.engagement.like({ tweetId: post.id });
    await Promise.all([again.done, legacy.done]);
    expect(legacy.items).toEqual([
      ["7", "event", like?.id, "LIKE"],
      ["9", "event", like?.id, "LIKE"],
    ]);
    expect(again.items).toEqual([
      ["7", "event", like?.id, "LIKE"],
      ["8", "retracted", like?.id, "LIKE"],
      ["9", "event", like?.id, "LIKE"],
    ]);
    const listed = (await alice.call.notification.list({})).items;
    expect(listed.map((item) => [item.id, item.seq, item.kind, item.read])).toEqual([[like?.id, 9, "LIKE", false]]);
    expect(await alice.call.notification.unreadCount()).toBe(1);
  });

  it("a kind switched off is never stored nor sent, tweet.create's one statement included; the others still are", async () => {
    const alice = await member();
    const bob = await member();
    expect(await alice.call.notification.preferences()).toEqual({
      LIKE: true,
      REPLY: true,
      RETWEET: true,
      FOLLOW: true,
      MENTION: true,
    });
    expect(await alice.call.notification.setPreferences({ LIKE: false, REPLY: false })).toEqual({
      LIKE: false,
      REPLY: false,
      RETWEET: true,
      FOLLOW: true,
      MENTION: true,
    });
    // Only the kinds given change.
    expect(await alice.call.notification.setPreferences({ MENTION: false, REPLY: true })).toMatchObject({
      LIKE: false,
      REPLY: true,
      MENTION: false,
    });
    await alice.call.notification.setPreferences({ REPLY: false, MENTION: true });

    const post = await alice.call.tweet.create({ content: "quiet please" });
    const live = await readNotifications(alice.call, "0", 2);
    await bob.call.engagement.like({ tweetId: post.id });
    // A reply that also mentions her: REPLY is off, so the mention is what she gets.
    const reply = await bob.call.tweet.create({ content: `@${alice.user.username} hear me`, replyToId: post.id });
    await bob.call.tweet.create({ content: "no mention here", replyToId: post.id });
    // The end marker: the follow is seq 2, right after the mention — the like and the plain reply took no seq.
    await bob.call.user.follow({ userId: alice.user.id });
    await live.done;
    expect(live.items.map(([id, type, , kind]) => [id, type, kind])).toEqual([
      ["1", "event", "MENTION"],
      ["2", "event", "FOLLOW"],
    ]);
    const listed = (await alice.call.notification.list({})).items;
    expect(listed.map((item) => [item.kind, item.tweetId])).toEqual([
      ["FOLLOW", null],
      ["MENTION", reply.id],
    ]);
    // An unlike of a like that never notified retracts nothing.
    await bob.call.engagement.unlike({ tweetId: post.id });
    expect((await alice.call.notification.list({})).items).toHaveLength(2);

    // Switched back on, it notifies again (for new actions).
    await alice.call.notification.setPreferences({ LIKE: true });
    await bob.call.engagement.like({ tweetId: post.id });
    expect((await alice.call.notification.list({})).items[0]?.kind).toBe("LIKE");
  });

  it("a muted user's actions never notify; what they did before is hidden until unmuted", async () => {
    const alice = await member();
    const [bob, carol] = [await member(), await member()];
    const post = await alice.call.tweet.create({ content: "mute test" });
    await bob.call.engagement.like({ tweetId: post.id });
    expect(await alice.call.notification.unreadCount()).toBe(1);

    expect(await alice.call.user.mute({ userId: bob.user.id })).toEqual({ muted: true, changed: true });
    expect(await alice.call.user.mute({ userId: bob.user.id })).toEqual({ muted: true, changed: false });
    expect(await alice.call.notification.unreadCount()).toBe(0);
    expect((await alice.call.notification.list({})).items).toEqual([]);
    expect((await alice.call.user.get({ username: bob.user.username })).mutedByMe).toBe(true);
    expect((await alice.call.user.get({ username: carol.user.username })).mutedByMe).toBe(false);

    const live = await readNotifications(alice.call, "1", 1);
    await bob.call.engagement.retweet({ tweetId: post.id });
    await bob.call.user.follow({ userId: alice.user.id });
    await bob.call.tweet.create({ content: `hey @${alice.user.username}` });
    await bob.call.tweet.create({ content: "a reply", replyToId: post.id });
    // End marker: carol's like is seq 2 — none of bob's four actions took a seq.
    await carol.call.engagement.like({ tweetId: post.id });
    await live.done;
    expect(live.items.map(([id, type, , kind]) => [id, type, kind])).toEqual([["2", "event", "LIKE"]]);

    // Muting is mine alone: carol still hears from bob.
    const carolPost = await carol.call.tweet.create({ content: "carol's" });
    await bob.call.engagement.like({ tweetId: carolPost.id });
    expect((await carol.call.notification.list({})).items.map((item) => item.actor.id)).toEqual([bob.user.id]);

    expect((await alice.call.user.muted({})).items.map((user) => user.id)).toEqual([bob.user.id]);
    expect(await alice.call.user.unmute({ userId: bob.user.id })).toEqual({ muted: false, changed: true });
    expect((await alice.call.user.muted({})).items).toEqual([]);
    // His earlier like shows again; what he did while muted was never stored.
    expect((await alice.call.notification.list({})).items.map((item) => [item.kind, item.actor.id])).toEqual([
      ["LIKE", carol.user.id],
      ["LIKE", bob.user.id],
    ]);

    expect((await rejection(alice.call.user.mute({ userId: alice.user.id }))).code).toBe("BAD_REQUEST");
    expect((await rejection(alice.call.user.mute({ userId: "00000000-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await rejection(alice.call.user.mute({ userId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });

  it("lists muted users newest first in cursor pages", async () => {
    const alice = await member();
    const muted = [await member(), await member(), await member()];
    for (const user of muted) await alice.call.user.mute({ userId: user.user.id });
    const first = await alice.call.user.muted({ limit: 2 });
    const second = await alice.call.user.muted({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((user) => user.id)).toEqual(
      [...muted].reverse().map((user) => user.user.id),
    );
    expect(second.nextCursor).toBeNull();
  });
});
