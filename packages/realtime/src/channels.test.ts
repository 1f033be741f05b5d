import { describe, expect, it } from "vitest";
import { z } from "zod";
import { channelFamily } from "./channel";
import { channelNames, revokedSessionsChannel } from "./channels";

describe("channelNames", () => {
  it("names every channel under pulse:", () => {
    expect(channelNames.userNotifications("u1")).toBe("pulse:user:u1:notifications");
    expect(channelNames.userFeed("u1")).toBe("pulse:user:u1:feed");
    expect(channelNames.userMatch("u1")).toBe("pulse:user:u1:match");
    expect(channelNames.tweetEngagement("t1")).toBe("pulse:tweet:t1:engagement");
    expect(channelNames.tweetTyping("t1")).toBe("pulse:tweet:t1:typing");
    expect(channelNames.trending()).toBe("pulse:trending");
    expect(channelNames.topic("rust")).toBe("pulse:topic:rust");
    expect(revokedSessionsChannel().name).toBe("pulse:sessions:revoked");
  });

  it("refuses ids that would make a name ambiguous", () => {
    expect(() => channelNames.userFeed("")).toThrow(TypeError);
    expect(() => channelNames.userFeed("u1:notifications")).toThrow(TypeError);
  });
});

describe("channelFamily", () => {
  const counter = channelFamily(z.object({ count: z.number().int() }), (id: string) => `test:${id}`);

  it("names each member and accepts what its schema describes", () => {
    const channel = counter("a");
    expect(channel.name).toBe("test:a");
    expect(channel.parse({ count: 3 })).toEqual({ ok: true, message: { count: 3 } });
  });

  it("rejects what its schema does not describe, with the schema's reason", () => {
    const parsed = counter("a").parse({ count: "3" });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.error.issues[0]?.path).toEqual(["count"]);
  });

  it("validates one decoded message once for all the members' listeners", () => {
    const decoded = { count: 1 };
    const first = counter("a").parse(decoded);
    expect(counter("b").parse(decoded)).toBe(first);
    // A new message, even an equal one, is validated again.
    expect(counter("a").parse({ count: 1 })).not.toBe(first);
  });
});
