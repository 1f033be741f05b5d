import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthRateLimits } from "../auth/rate-limits";
import { createTestApi, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();

describe.each(drivers)("auth router on %s", (driver) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  it("signs up, logs in and answers me() for the token; sets an HttpOnly cookie", async () => {
    const anonymous = await api.caller();
    const signup = await anonymous.auth.signup({
      username: "Alice_1",
      password: "correct horse battery",
      displayName: "Alice",
    });
    expect(signup.user).toMatchObject({ username: "alice_1", displayName: "Alice" });
    expect(signup.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(api.cookies.at(-1)).toMatch(/^pulse_session=[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);

    const login = await anonymous.auth.login({ username: "ALICE_1", password: "correct horse battery" });
    expect(login.token).not.toBe(signup.token);
    const me = await (await api.caller({ token: login.token })).auth.me();
    expect(me).toEqual({ ...signup.user, createdAt: expect.any(String) });
    expect(new Date(me.createdAt).toISOString()).toBe(me.createdAt);
  });

  it("stores only a hash of the token and of the password", async () => {
    const { token } = await (await api.caller()).auth.signup({ username: "hashy", password: "p4ssword-long" });
    const rows = await api.database.db.query.sessions.findMany();
    expect(rows.some((row) => row.tokenHash.includes(token))).toBe(false);
    const user = await api.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, "hashy") });
    expect(user?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user?.passwordHash).not.toContain("p4ssword-long");
  });

  it("me() without a token or with a garbage token is UNAUTHORIZED", async () => {
    expect((await rejection((await api.caller()).auth.me())).code).toBe("UNAUTHORIZED");
    expect((await rejection((await api.caller({ token: "nope" })).auth.me())).code).toBe("UNAUTHORIZED");
    expect((await rejection((await api.caller({ token: "x".repeat(10_000) })).auth.me())).code).toBe("UNAUTHORIZED");
  });

  it("logout revokes the session, clears the cookie and asks the transport to close its sockets", async () => {
    const { token } = await (await api.caller()).auth.signup({ username: "bob", password: "hunter2hunter2" });
    const bob = await api.caller({ token });
    const bobId = (await bob.auth.me()).id;
    expect(await bob.auth.logout()).toEqual({ ok: true });
    expect(api.cookies.at(-1)).toMatch(/^pulse_session=; Max-Age=0/);
    const [session] = await api.deps.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.userId, bobId) });
    expect(session?.revokedAt).toBeInstanceOf(Date);
    expect(api.revokedSessions).toEqual([session?.id]);
    expect((await rejection((await api.caller({ token })).auth.me())).code).toBe("UNAUTHORIZED");
  });

  it("an expired session is UNAUTHORIZED", async () => {
    const shortLived = await createTestApi(driver, { sessionTtlMs: 1 });
    try {
      const { token } = await (await shortLived.caller()).auth.signup({
        username: "ephemeral",
        password: "0123456789",
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await rejection((await shortLived.caller({ token })).auth.me())).code).toBe("UNAUTHORIZED");
    } finally {
      await shortLived.close();
    }
  });

  it("a taken username (any case) is CONFLICT", async () => {
    const anonymous = await api.caller();
    await anonymous.auth.signup({ username: "carol", password: "0123456789" });
    const error = await rejection(anonymous.auth.signup({ username: "CAROL", password: "0123456789" }));
    expect(error.code).toBe("CONFLICT");
  });

  it("a wrong password and an unknown user get the same error", async () => {
    const anonymous = await api.caller();
    await anonymous.auth.signup({ username: "dave", password: "0123456789" });
    const wrongPassword = await rejection(anonymous.auth.login({ username: "dave", password: "9876543210" }));
    const unknownUser = await rejection(anonymous.auth.login({ username: "nobody_here", password: "9876543210" }));
    const tooShortToExist = await rejection(anonymous.auth.login({ username: "dave", password: "short" }));
    expect(tooShortToExist.code).toBe("UNAUTHORIZED");
    expect(wrongPassword.code).toBe("UNAUTHORIZED");
    expect({ code: unknownUser.code, message: unknownUser.message }).toEqual({
      code: wrongPassword.code,
      message: wrongPassword.message,
    });
  });

  it.each([
    [{ username: "eve", password: "short" }, "password"],
    [{ username: "x".repeat(10_000), password: "0123456789" }, "username"],
    [{ username: "no spaces!", password: "0123456789" }, "username"],
    [{ username: 42, password: "0123456789" }, "username"],
    [{ password: "0123456789" }, "username"],
    [{ username: "eve" }, "password"],
  ])("signup(%j) is BAD_REQUEST naming %s", async (input, field) => {
    // Deliberately ill-typed input: this is what a non-TypeScript client can send.
    const error = await rejection((await api.caller()).auth.signup(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(field);
  });

  it.each([
    [{ username: "x".repeat(10_000), password: "0123456789" }, "username"],
    [{ username: "dave", password: 12 }, "password"],
    [{ username: "dave" }, "password"],
  ])("login(%j) is BAD_REQUEST naming %s", async (input, field) => {
    const error = await rejection((await api.caller()).auth.login(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(field);
  });
});

describe.each(drivers)("auth rate limits on %s", (driver) => {
  it("limits login attempts per username and per IP with TOO_MANY_REQUESTS", async () => {
    const api = await createTestApi(driver, {
      authRateLimits: createAuthRateLimits({ perIpPerMinute: 5, perUsernamePer15Minutes: 3 }),
    });
    try {
      const fromA = await api.caller({ ip: "10.0.0.1" });
      const fromB = await api.caller({ ip: "10.0.0.2" });
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await rejection(fromA.auth.login({ username: "target", password: "guess-guess" }))).code).toBe(
          "UNAUTHORIZED",
        );
      }
      // The username is now locked, whichever IP asks.
      expect((await rejection(fromB.auth.login({ username: "target", password: "guess-guess" }))).code).toBe(
        "TOO_MANY_REQUESTS",
      );
      // IP A has used 3 of 5; two more usernames pass, the next is over the IP budget.
      await rejection(fromA.auth.login({ username: "other1", password: "guess-guess" }));
      await rejection(fromA.auth.login({ username: "other2", password: "guess-guess" }));
      const limited = await rejection(fromA.auth.login({ username: "other3", password: "guess-guess" }));
      expect(limited.code).toBe("TOO_MANY_REQUESTS");
      expect(limited.message).toMatch(/retry in \d+ s/);
    } finally {
      await api.close();
    }
  });
});
