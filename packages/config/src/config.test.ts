import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("gives the embedded defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: "./.data", SEED_DEMO: true, mode: "embedded" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ALLOWED_ORIGINS).toEqual(["http://localhost:5173"]);
  });

  it("hashes passwords at OWASP's cost, and refuses the fast test cost outside NODE_ENV=test", () => {
    expect(parseConfig({}).PASSWORD_HASHING).toBe("owasp");
    expect(parseConfig({ NODE_ENV: "test", PASSWORD_HASHING: "fast-for-tests" }).PASSWORD_HASHING).toBe(
      "fast-for-tests",
    );
    for (const NODE_ENV of ["development", "production"]) {
      expect(() => parseConfig({ NODE_ENV, PASSWORD_HASHING: "fast-for-tests" })).toThrow(
        /PASSWORD_HASHING: weak password hashing is only allowed with NODE_ENV=test/,
      );
    }
  });

  it("is distributed only when both DATABASE_URL and REDIS_URL are set", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db" }).mode).toBe("embedded");
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db", REDIS_URL: "redis://h:6379" }).mode).toBe("distributed");
  });

  it("seeds the demo community by default only in embedded mode, and migrates at start unless told not to", () => {
    const distributed = { DATABASE_URL: "postgres://u@h/db", REDIS_URL: "redis://h:6379" };
    expect(parseConfig({}).SEED_DEMO).toBe(true);
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db" }).SEED_DEMO).toBe(true);
    expect(parseConfig(distributed).SEED_DEMO).toBe(false);
    expect(parseConfig({ ...distributed, SEED_DEMO: "true" }).SEED_DEMO).toBe(true);
    expect(parseConfig({ SEED_DEMO: "false" }).SEED_DEMO).toBe(false);
    expect(parseConfig({}).MIGRATE_ON_START).toBe(true);
    expect(parseConfig({ MIGRATE_ON_START: "off" }).MIGRATE_ON_START).toBe(false);
  });

  it("lets demo users act only in embedded development by default, and never in production", () => {
    expect(parseConfig({}).DEMO_ACTIVITY_MS).toBe(8_000);
    expect(parseConfig({ SEED_DEMO: "false" }).DEMO_ACTIVITY_MS).toBe(0);
    expect(parseConfig({ NODE_ENV: "production" }).DEMO_ACTIVITY_MS).toBe(0);
    expect(parseConfig({ NODE_ENV: "test" }).DEMO_ACTIVITY_MS).toBe(0);
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db", REDIS_URL: "redis://h:6379" }).DEMO_ACTIVITY_MS).toBe(0);
    expect(parseConfig({ NODE_ENV: "test", DEMO_ACTIVITY_MS: "50" }).DEMO_ACTIVITY_MS).toBe(50);
    expect(() => parseConfig({ NODE_ENV: "production", DEMO_ACTIVITY_MS: "1000" })).toThrow(
      /DEMO_ACTIVITY_MS: demo activity is not allowed with NODE_ENV=production/,
    );
  });

  it("normalizes origins and booleans", () => {
    const config = parseConfig({ ALLOWED_ORIGINS: "https://a.example/ , http://b.example:8080", SEED_DEMO: "0" });
    expect(config.ALLOWED_ORIGINS).toEqual(["https://a.example", "http://b.example:8080"]);
    expect(config.SEED_DEMO).toBe(false);
  });

  it("allows the Vite dev origin by default only in development", () => {
    expect(parseConfig({ NODE_ENV: "development" }).ALLOWED_ORIGINS).toEqual(["http://localhost:5173"]);
    expect(parseConfig({ NODE_ENV: "production" }).ALLOWED_ORIGINS).toEqual([]);
    expect(parseConfig({ NODE_ENV: "test" }).ALLOWED_ORIGINS).toEqual([]);
    expect(parseConfig({ NODE_ENV: "production", ALLOWED_ORIGINS: "https://app.example" }).ALLOWED_ORIGINS).toEqual([
      "https://app.example",
    ]);
  });

  it.each([
    [undefined, false],
    ["false", false],
    ["0", false],
    ["true", 1],
    ["1", 1],
    ["YES", 1],
    ["3", 3],
    ["loopback", ["loopback"]],
    [
      " LoopBack , 10.0.0.0/8, 192.168.1.1/255.255.255.0, ::1, fd00::/8 ",
      ["loopback", "10.0.0.0/8", "192.168.1.1/255.255.255.0", "::1", "fd00::/8"],
    ],
  ])("reads TRUST_PROXY=%j as %j (true is one hop, never every hop)", (value, expected) => {
    expect(parseConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
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
    [{ TRUST_PROXY: "maybe" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "10.0.0.0/33" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "loopback, proxy.example" }, "TRUST_PROXY"],
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
