import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();

describe.each(drivers)("timeline semantics on %s", (driver) => {
  let api: TestApi;
  let counter = 0;
  /** A fresh signed-in user and their caller. */
  async function member(name = `tl${++counter}`) {
    const { token, user } = await (await api.caller()).auth.signup({
      username: name,
      password: "correct horse battery",
    });
    return { user, call: await api.caller({ token }) };
  }

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
});
