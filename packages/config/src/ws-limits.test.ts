import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("WebSocket and rate limit settings", () => {
  it("default to production-sized limits", () => {
    expect(parseConfig({})).toMatchObject({
      WS_PING_MS: 30_000,
      WS_PONG_WAIT_MS: 5_000,
      WS_AUTH_DEADLINE_MS: 10_000,
      WS_MAX_CONNECTIONS_PER_USER: 10,
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: 50,
      WS_MAX_MESSAGES_PER_SECOND: 50,
      WS_MESSAGE_BURST: 100,
      WS_MAX_BUFFERED_BYTES: 1024 * 1024,
      MUTATIONS_PER_USER_PER_MINUTE: 600,
    });
  });

  it("reads overrides as integers", () => {
    const config = parseConfig({ WS_PING_MS: "250", WS_MAX_CONNECTIONS_PER_USER: "3", WS_MAX_BUFFERED_BYTES: "65536" });
    expect(config).toMatchObject({ WS_PING_MS: 250, WS_MAX_CONNECTIONS_PER_USER: 3, WS_MAX_BUFFERED_BYTES: 65_536 });
  });

  it.each([
    [{ WS_PING_MS: "soon" }, "WS_PING_MS"],
    [{ WS_MAX_CONNECTIONS_PER_USER: "0" }, "WS_MAX_CONNECTIONS_PER_USER"],
    [{ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "1.5" }, "WS_MAX_SUBSCRIPTIONS_PER_CONNECTION"],
    [{ WS_MAX_BUFFERED_BYTES: "10" }, "WS_MAX_BUFFERED_BYTES"],
    [{ MUTATIONS_PER_USER_PER_MINUTE: "-1" }, "MUTATIONS_PER_USER_PER_MINUTE"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}`));
  });
});
