import { describe, expect, it } from "vitest";
import { channels } from "./channels";

describe("channels", () => {
  it("names every channel under pulse:", () => {
    expect(channels.userNotifications("u1")).toBe("pulse:user:u1:notifications");
    expect(channels.userFeed("u1")).toBe("pulse:user:u1:feed");
    expect(channels.userMatch("u1")).toBe("pulse:user:u1:match");
    expect(channels.tweetEngagement("t1")).toBe("pulse:tweet:t1:engagement");
    expect(channels.tweetTyping("t1")).toBe("pulse:tweet:t1:typing");
    expect(channels.trending()).toBe("pulse:trending");
    expect(channels.topic("rust")).toBe("pulse:topic:rust");
    expect(channels.session("s1")).toBe("pulse:session:s1");
  });

  it("refuses ids that would make a name ambiguous", () => {
    expect(() => channels.userFeed("")).toThrow(TypeError);
    expect(() => channels.userFeed("u1:notifications")).toThrow(TypeError);
  });
});
