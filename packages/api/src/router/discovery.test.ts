import { tweets } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TOPIC_REPLAY_LIMIT } from "../discovery/topic-feed";
import { createTestApi, rejection, type TestApi, trackedItem } from "../testing";

const drivers = await testDrivers();

describe.each(drivers)("discovery on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  const member = (name = `dv${++counter}`) => api.member(name);
  type Call = Awaited<ReturnType<TestApi["member"]>>["call"];

  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  /** Reads `count` items of discovery.onTopic as [type, content], then ends the subscription. */
  async function topicStream(call: Call, topic: string, count: number, lastEventId?: string | null) {
    const items: Array<[string, string | undefined]> = [];
    const ids: string[] = [];
    const listenersBefore = api.deps.bus.localListenerCount;
    const iterable = await call.discovery.onTopic({ topic, lastEventId });
    const done = (async () => {
      for await (const item of iterable) {
        const [id, data] = trackedItem(item);
        ids.push(id);
        items.push([data.type, data.type === "post" ? data.tweet.content : undefined]);
        if (items.length >= count) break;
      }
    })();
    // Listening: from here every post with the topic reaches it.
    await vi.waitFor(() => expect(api.deps.bus.localListenerCount).toBeGreaterThan(listenersBefore));
    return { items, ids, done };
  }

  it("topicFeed: only posts with that topic, newest first, in cursor pages; deleted posts left out", async () => {
    const alice = await member();
    const bob = await member();
    const topic = `rust${counter}`;
    await alice.call.tweet.create({ content: `one #${topic}` });
    await bob.call.tweet.create({ content: `other topic #go${counter}` });
    await bob.call.tweet.create({ content: `two #${topic.toUpperCase()} and #wasm` });
    const gone = await alice.call.tweet.create({ content: `deleted #${topic}` });
    await alice.call.tweet.create({ content: `three #${topic}` });
    await alice.call.tweet.create({ content: `no hash ${topic}` });
    await alice.call.tweet.delete({ tweetId: gone.id });

    const first = await bob.call.discovery.topicFeed({ topic: `#${topic.toUpperCase()}`, limit: 2 });
    expect(first.items.map((tweet) => tweet.content)).toEqual([
      `three #${topic}`,
      `two #${topic.toUpperCase()} and #wasm`,
    ]);
    expect(first.headEventId).not.toBeNull();
    const second = await bob.call.discovery.topicFeed({ topic, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((tweet) => tweet.content)).toEqual([`one #${topic}`]);
    expect(second.nextCursor).toBeNull();
    expect((await bob.call.discovery.topicFeed({ topic: "nobodyusesthis" })).items).toEqual([]);
  });

  it("topicFeed and onTopic refuse bad input with BAD_REQUEST, and need a session", async () => {
    const { call } = await member();
    for (const topic of ["", "#", "two words", "a:b", "x".repeat(51), "semi;colon"]) {
      expect((await rejection(call.discovery.topicFeed({ topic }))).code).toBe("BAD_REQUEST");
      expect((await rejection(call.discovery.onTopic({ topic }))).code).toBe("BAD_REQUEST");
    }
    expect((await rejection(call.discovery.topicFeed({ topic: "ok", limit: 0 }))).code).toBe("BAD_REQUEST");
    expect((await rejection(call.discovery.topicFeed({ topic: "ok", limit: 51 }))).code).toBe("BAD_REQUEST");
    expect((await rejection(call.discovery.topicFeed({ topic: "ok", cursor: "garbage" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(call.discovery.whoToFollow({ limit: 21 }))).code).toBe("BAD_REQUEST");
    const anonymous = await api.caller();
    expect((await rejection(anonymous.discovery.topicFeed({ topic: "ok" }))).code).toBe("UNAUTHORIZED");
    expect((await rejection(anonymous.discovery.onTopic({ topic: "ok" }))).code).toBe("UNAUTHORIZED");
  });

  it("onTopic: new posts with the topic arrive live, nothing else does", async () => {
    const alice = await member();
    const bob = await member();
    const topic = `live${counter}`;
    const live = await topicStream(bob.call, topic, 2);
    await alice.call.tweet.create({ content: "no topic at all" });
    await alice.call.tweet.create({ content: `another #other${counter}` });
    await alice.call.tweet.create({ content: `first #${topic}` });
    await alice.call.tweet.create({ content: `a prefix #${topic}x is another topic` });
    await bob.call.tweet.create({ content: `#${topic.toUpperCase()} second` });
    await live.done;
    // Published in that order: had any other post reached the stream, it would sit before these.
    expect(live.items).toEqual([
      ["post", `first #${topic}`],
      ["post", `#${topic.toUpperCase()} second`],
    ]);
  });

  it("onTopic resumes after lastEventId in order without duplicates; too far behind gets one reset", async () => {
    const alice = await member();
    const bob = await member();
    const topic = `resume${counter}`;
    await alice.call.tweet.create({ content: `seen #${topic}` });
    const page = await bob.call.discovery.topicFeed({ topic });
    // Posted between the page and the subscription: replayed first, then the live one.
    await alice.call.tweet.create({ content: `missed 1 #${topic}` });
    await alice.call.tweet.create({ content: `missed 2 #${topic}` });
    const resumed = await topicStream(bob.call, topic, 3, page.headEventId);
    await alice.call.tweet.create({ content: `live #${topic}` });
    await resumed.done;
    expect(resumed.items).toEqual([
      ["post", `missed 1 #${topic}`],
      ["post", `missed 2 #${topic}`],
      ["post", `live #${topic}`],
    ]);
    // Its ids are post cursors: resuming from the second replays the third only.
    const again = await topicStream(bob.call, topic, 1, resumed.ids[1]);
    await again.done;
    expect(again.items).toEqual([["post", `live #${topic}`]]);

    // More than the replay bound since then: one reset (refetch the page), then live.
    const base = Date.now();
    await api.database.db.insert(tweets).values(
      Array.from({ length: TOPIC_REPLAY_LIMIT + 1 }, (_, index) => ({
        authorId: alice.user.id,
        content: `bulk #${topic}`,
        topics: [topic],
        createdAt: new Date(base + 1000 + index),
      })),
    );
    const behind = await topicStream(bob.call, topic, 2, resumed.ids[2]);
    await alice.call.tweet.create({ content: `after the reset #${topic}` });
    await behind.done;
    expect(behind.items).toEqual([
      ["reset", undefined],
      ["post", `after the reset #${topic}`],
    ]);
  });

  it("whoToFollow: shared interests and city first, never myself or people I follow", async () => {
    const me = await member();
    const twin = await member(); // shares two interests and the city
    const cousin = await member(); // shares one interest
    const neighbour = await member(); // same city only
    const followed = await member(); // shares everything, but I follow them
    const poster = await member(); // nothing in common, posted recently
    const stranger = await member(); // nothing in common, silent
    const profile = (interestTags: string[], city: string) => ({ bio: "hi", interestTags, city, timezone: "UTC" });
    await me.call.profile.upsert(profile(["rust", "webgpu", "climbing"], "Lisbon"));
    await twin.call.profile.upsert(profile(["rust", "webgpu"], "Lisbon"));
    await cousin.call.profile.upsert(profile(["climbing", "jazz"], "Oslo"));
    await neighbour.call.profile.upsert(profile(["knitting"], "Lisbon"));
    await followed.call.profile.upsert(profile(["rust", "webgpu", "climbing"], "Lisbon"));
    await stranger.call.profile.upsert(profile(["opera"], "Lima"));
    await me.call.user.follow({ userId: followed.user.id });
    await poster.call.tweet.create({ content: "hello there" });
    await me.call.tweet.create({ content: "my own post" });

    const suggestions = await me.call.discovery.whoToFollow({ limit: 20 });
    const ids = suggestions.map((suggestion) => suggestion.user.id);
    expect(ids).not.toContain(me.user.id);
    expect(ids).not.toContain(followed.user.id);
    expect(ids).not.toContain(stranger.user.id);
    expect(ids.slice(0, 3)).toEqual([twin.user.id, cousin.user.id, neighbour.user.id]);
    expect(ids).toContain(poster.user.id);
    expect(suggestions[0]).toMatchObject({
      sharedInterests: ["rust", "webgpu"],
      city: "Lisbon",
      reason: "Shares rust and webgpu · Also in Lisbon",
    });
    expect(suggestions.find((suggestion) => suggestion.user.id === poster.user.id)?.reason).toBe("Posted recently");

    // Following one takes it out of the next answer; the limit holds.
    await me.call.user.follow({ userId: twin.user.id });
    const next = await me.call.discovery.whoToFollow({ limit: 2 });
    expect(next.map((suggestion) => suggestion.user.id)).toEqual([cousin.user.id, neighbour.user.id]);
    // Without a profile: recent posters still come up.
    const newcomer = await member();
    const fresh = await newcomer.call.discovery.whoToFollow({});
    expect(fresh.map((suggestion) => suggestion.user.id)).toContain(poster.user.id);
    expect(fresh.map((suggestion) => suggestion.user.id)).not.toContain(newcomer.user.id);
  });
});
