import { describe, expect, it } from "vitest";
import { buildDemoCommunity } from "./community";

describe("buildDemoCommunity", () => {
  const community = buildDemoCommunity();

  it("is deterministic", () => {
    expect(buildDemoCommunity()).toEqual(community);
  });

  it("has at least 50 people over several cities, time zones and interest clusters", () => {
    expect(community.people.length).toBeGreaterThanOrEqual(50);
    expect(new Set(community.people.map((person) => person.city)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(community.people.map((person) => person.timezone)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(community.people.map((person) => person.cluster)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(community.people.map((person) => person.username)).size).toBe(community.people.length);
    for (const person of community.people) expect(person.interestTags.length).toBeGreaterThan(0);
  });

  it("has follows between people, posts with #topics and @mentions, and replies", () => {
    const usernames = new Set(community.people.map((person) => person.username));
    expect(community.follows.length).toBeGreaterThan(community.people.length * 3);
    for (const [follower, followee] of community.follows) {
      expect(usernames.has(follower) && usernames.has(followee) && follower !== followee).toBe(true);
    }
    expect(community.posts.filter((post) => post.content.includes("#")).length).toBeGreaterThan(100);
    expect(community.posts.filter((post) => /@[a-z]/.test(post.content)).length).toBeGreaterThan(30);
    expect(community.posts.filter((post) => post.replyTo !== undefined).length).toBeGreaterThan(0);
  });

  it("never repeats a text: every post and every reply is worded once", () => {
    const texts = community.posts.map((post) => post.content.replace(/ cc @\w+$/, ""));
    expect(new Set(texts).size).toBe(texts.length);
    expect(community.posts.filter((post) => post.replyTo !== undefined).length).toBeGreaterThanOrEqual(20);
  });
});
