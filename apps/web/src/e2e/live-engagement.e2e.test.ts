import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countOf,
  type E2eServer,
  eventually,
  launchChromium,
  likeButton,
  openAs,
  saveDocsScreenshot,
  signUp,
  startE2eServer,
  stopE2eServer,
  type TestUser,
  unreadBadge,
} from "./harness";

describe("live engagement between two people", () => {
  let server: E2eServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    alice = await signUp(server.url, "alice", "Alice Liddell");
    bob = await signUp(server.url, "bob", "Bob Marley");
  }, 120_000);

  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await browser?.close();
    await stopE2eServer(server);
  });

  it("bob likes and replies to alice's post: her badge, counts, typing indicator and thread update live", async () => {
    const { page: alicePage } = await openAs(browser, server.url, alice);
    await alicePage.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });

    // Alice posts through the composer; her own post shows at once, #topics and @mentions highlighted as text.
    await alicePage.getByLabel("Write a post").fill("Hello #pulse, my first post — say hi @bob <b>not bold</b>");
    expect(await alicePage.locator(".char-counter").textContent()).toContain("/280");
    await alicePage.getByRole("button", { name: "Post", exact: true }).click();
    // With a data-tweet-id: the post as published, not its optimistic placeholder.
    const post = alicePage.locator("article[data-tweet-id]").filter({ hasText: "my first post" });
    await eventually(() => post.count()).toBe(1);
    const tweetId = (await post.getAttribute("data-tweet-id")) ?? "";
    expect(await post.locator(".topic").allTextContents()).toEqual(["#pulse"]);
    expect(await post.locator(".mention").allTextContents()).toEqual(["@bob"]);
    // User text is rendered as text: the markup shows literally and creates no element.
    expect(await post.locator("b").count()).toBe(0);
    expect(await post.locator(".post-text").textContent()).toContain("<b>not bold</b>");
    expect(await countOf(alicePage, tweetId, "Like")).toBe(0);
    expect(await unreadBadge(alicePage)).toBeNull();

    // Bob opens the thread (he does not follow alice) and likes it.
    const { page: bobPage } = await openAs(browser, server.url, bob, `#/post/${tweetId}`);
    await bobPage.getByRole("heading", { name: "Thread" }).waitFor();
    await likeButton(bobPage, tweetId).click();
    await eventually(() => likeButton(bobPage, tweetId).getAttribute("aria-pressed")).toBe("true");
    await eventually(() => countOf(bobPage, tweetId, "Like")).toBe(1);
    // After a reload the button still shows that bob liked it (engagement.mine), and the count is unchanged.
    await bobPage.reload();
    await bobPage.getByRole("heading", { name: "Thread" }).waitFor();
    await eventually(() => likeButton(bobPage, tweetId).getAttribute("aria-pressed")).toBe("true");
    await eventually(() => countOf(bobPage, tweetId, "Like")).toBe(1);

    // Alice's like count and unread badge follow, without a reload.
    await eventually(() => countOf(alicePage, tweetId, "Like")).toBe(1);
    await eventually(() => unreadBadge(alicePage)).toBe("1");
    expect(await alicePage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await saveDocsScreenshot(alicePage, "home-liked");

    // Alice opens the thread; bob starts typing a reply: she sees it (he does not see himself).
    await post.locator(".post-time").click();
    await alicePage.getByRole("heading", { name: "Thread" }).waitFor();
    const reply = bobPage.getByLabel("Reply to Alice Liddell");
    await reply.click();
    await reply.pressSequentially("Hi Alice! Welcome to #pulse", { delay: 30 });
    await eventually(() => alicePage.locator(".typing-indicator").textContent()).toBe("Bob Marley is typing…");
    expect(await bobPage.locator(".typing-indicator").textContent()).toBe("");
    await saveDocsScreenshot(alicePage, "thread");

    // He sends it: the indicator goes, the reply appears in her open thread, the reply count moves.
    await bobPage.getByRole("button", { name: "Reply", exact: true }).click();
    await eventually(() => alicePage.getByRole("list", { name: "Replies" }).getByText("Hi Alice!").count()).toBe(1);
    await eventually(() => alicePage.locator(".typing-indicator").textContent()).toBe("");
    await eventually(() => unreadBadge(alicePage)).toBe("2");

    // The notification center lists both, newest first; marking all read clears the badge.
    await alicePage.getByRole("link", { name: /^Notifications/ }).click();
    const items = alicePage.locator(".notification");
    await eventually(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain("Bob Marley");
    expect(await items.nth(0).textContent()).toContain("replied to your post");
    expect(await items.nth(1).textContent()).toContain("liked your post");
    await saveDocsScreenshot(alicePage, "notifications");
    await alicePage.getByRole("button", { name: "Mark all as read" }).click();
    await eventually(() => unreadBadge(alicePage)).toBeNull();
    await eventually(() => alicePage.locator(".notification-unread").count()).toBe(0);

    // Bob got a MENTION; he marks it read from the list.
    await bobPage.getByRole("link", { name: /^Notifications/ }).click();
    await eventually(() => bobPage.locator(".notification").count()).toBe(1);
    expect(await bobPage.locator(".notification").textContent()).toContain("mentioned you");
    await bobPage.getByRole("button", { name: /^Mark read/ }).click();
    await eventually(() => unreadBadge(bobPage)).toBeNull();

    // Connection statistics count both of them.
    await bobPage.getByRole("link", { name: "Stats" }).click();
    await eventually(() => bobPage.locator('[data-stat="activeUsers"]').textContent()).toBe("2");
    await saveDocsScreenshot(bobPage, "stats");
  }, 120_000);
});
