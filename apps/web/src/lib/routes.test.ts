import { describe, expect, it } from "vitest";
import { hrefFor, parseRoute, type Route } from "./routes";

describe("routes", () => {
  it("round-trips every route through the hash", () => {
    const routes: Route[] = [
      { name: "home" },
      { name: "notifications" },
      { name: "bookmarks" },
      { name: "match" },
      { name: "profile" },
      { name: "stats" },
      { name: "post", tweetId: "0190a3c4-8f1e-7c2b-9d4e-1a2b3c4d5e6f" },
      { name: "user", username: "alice" },
      { name: "followers", username: "alice" },
      { name: "following", username: "alice" },
      { name: "topic", topic: "rust" },
      { name: "topic", topic: "café_2" },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it("sends anything unknown or malformed home", () => {
    expect(parseRoute("")).toEqual({ name: "home" });
    expect(parseRoute("#/nowhere")).toEqual({ name: "home" });
    expect(parseRoute("#/post/not-a-uuid")).toEqual({ name: "home" });
    expect(parseRoute("#/u/<script>")).toEqual({ name: "home" });
    expect(parseRoute("#/topic/two%20words")).toEqual({ name: "home" });
    expect(parseRoute("#/topic/%E0%A4")).toEqual({ name: "home" });
    expect(parseRoute("#/topic/")).toEqual({ name: "home" });
    expect(parseRoute("#/topic/RUST")).toEqual({ name: "topic", topic: "rust" });
    expect(parseRoute("#/u/Alice/followers")).toEqual({ name: "followers", username: "alice" });
    expect(parseRoute("#/u/alice/elsewhere")).toEqual({ name: "user", username: "alice" });
  });
});
