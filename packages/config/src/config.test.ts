import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("gives the embedded defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: "./.data", SEED_DEMO: true, mode: "embedded" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ALLOWED_ORIGINS).toEqual(["http://localhost:5173"]);
  });

  it("is distributed only when both DATABASE_URL and REDIS_URL are set", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db" }).mode).toBe("embedded");
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db", REDIS_URL: "redis://h:6379" }).mode).toBe("distributed");
  });

  it("normalizes origins and booleans", () => {
    const config = parseConfig({ ALLOWED_ORIGINS: "https://a.example/ , http://b.example:8080", SEED_DEMO: "0" });
    expect(config.ALLOWED_ORIGINS).toEqual(["https://a.example", "http://b.example:8080"]);
    expect(config.SEED_DEMO).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SEED_DEMO: "maybe" }, "SEED_DEMO"],
    [{ ALLOWED_ORIGINS: "ftp://x" }, "ALLOWED_ORIGINS"],
  ])("rejects %j with one line naming %s", (env, variable) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${variable}`));
    expect(message).not.toContain("\n");
  });
});
