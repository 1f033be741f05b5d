import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, rejection, type TestApi } from "../testing";
import { readThread } from "./thread";

const drivers = await testDrivers();

describe.each(drivers)("readThread on %s", (driver) => {
  let api: TestApi;
  let post: (content: string, replyToId?: string) => Promise<string>;
  const contents = (tweets: { content: string }[] | undefined) => tweets?.map((tweet) => tweet.content);

  beforeAll(async () => {
    api = await createTestApi(driver);
    const { token } = await (await api.caller()).auth.signup({ username: "poster", password: "correct horse battery" });
    const caller = await api.caller({ token });
    post = async (content, replyToId) => (await caller.tweet.create({ content, replyToId })).id;
  });
  afterAll(() => api.close());

  it("keeps the ancestors nearest the focus and says when older ones were left out", async () => {
    const ids: string[] = [];
    for (const name of ["a", "b", "c", "d", "e", "f"]) ids.push(await post(name, ids.at(-1)));
    const bounds = { ancestors: 2, replies: 10, replyDepth: 10 };

    const fromD = await readThread(api.deps.db, ids[3] as string, bounds);
    expect(contents(fromD?.ancestors)).toEqual(["b", "c"]);
    expect(fromD?.tweet.content).toBe("d");
    expect(contents(fromD?.replies)).toEqual(["e", "f"]);
    expect(fromD?.truncated).toEqual({ ancestors: true, replies: false });

    const fromC = await readThread(api.deps.db, ids[2] as string, bounds);
    expect(contents(fromC?.ancestors)).toEqual(["a", "b"]);
    expect(fromC?.truncated.ancestors).toBe(false);

    const shallow = await readThread(api.deps.db, ids[0] as string, { ...bounds, replyDepth: 2 });
    expect(contents(shallow?.replies)).toEqual(["b", "c"]);
    expect(shallow?.truncated).toEqual({ ancestors: false, replies: true });
  });

  it("returns replies level by level, oldest first, and at most the bound", async () => {
    const root = await post("root");
    const first = await post("r1", root);
    for (const name of ["r2", "r3", "r4"]) await post(name, root);
    await post("r1a", first);

    const whole = await readThread(api.deps.db, root, { ancestors: 5, replies: 10, replyDepth: 10 });
    expect(contents(whole?.replies)).toEqual(["r1", "r2", "r3", "r4", "r1a"]);
    expect(whole?.truncated).toEqual({ ancestors: false, replies: false });

    const capped = await readThread(api.deps.db, root, { ancestors: 5, replies: 3, replyDepth: 10 });
    expect(capped?.replies).toHaveLength(3);
    expect(capped?.truncated.replies).toBe(true);
  });

  it("tweet.thread answers NOT_FOUND for an unknown tweet and carries `truncated`", async () => {
    const { token } = await (await api.caller()).auth.signup({ username: "reader", password: "correct horse battery" });
    const reader = await api.caller({ token });
    const missing = rejection(reader.tweet.thread({ tweetId: "00000000-0000-7000-8000-000000000000" }));
    expect((await missing).code).toBe("NOT_FOUND");
    const root = await post("alone");
    expect((await reader.tweet.thread({ tweetId: root })).truncated).toEqual({ ancestors: false, replies: false });
  });
});
