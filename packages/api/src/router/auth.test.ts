import { randomBytes, scryptSync } from "node:crypto";
import { newId, users } from "@pulse/db";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { OWASP_SCRYPT_PARAMS, setScryptParams, verifyPassword } from "../auth/password";
import { createAuthRateLimits } from "../auth/rate-limits";
import { createTestApi, rejection, type TestApi } from "../testing";

const drivers = await testDrivers();
const STRONG_PASSWORD = "violet-kettle-drums-73";
// OWASP's N=2^15, r=8, p=3 row (see auth/password.ts).
const CURRENT_HASH_PREFIX = /^scrypt\$32768\$8\$3\$/;

describe.each(drivers)("auth router on %s", (driver) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(driver);
    // This suite checks what is stored: production's parameters, not the fast test ones.
    setScryptParams(OWASP_SCRYPT_PARAMS);
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
    const { token } = await (await api.caller()).auth.signup({ username: "hashy", password: "amber-lantern-quietly" });
    const rows = await api.database.db.query.sessions.findMany();
    expect(rows.some((row) => row.tokenHash.includes(token))).toBe(false);
    const user = await api.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, "hashy") });
    expect(user?.passwordHash).toMatch(CURRENT_HASH_PREFIX);
    expect(user?.passwordHash).not.toContain("amber-lantern-quietly");
  });

  it("me() without a token or with a garbage token is UNAUTHORIZED", async () => {
    expect((await rejection((await api.caller()).auth.me())).code).toBe("UNAUTHORIZED");
    expect((await rejection((await api.caller({ token: "nope" })).auth.me())).code).toBe("UNAUTHORIZED");
    expect((await rejection((await api.caller({ token: "x".repeat(10_000) })).auth.me())).code).toBe("UNAUTHORIZED");
  });

  it("logout revokes the session, clears the cookie and asks the transport to close its sockets", async () => {
    const { token } = await (await api.caller()).auth.signup({ username: "bob", password: "bob-builds-7-boats" });
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
        password: STRONG_PASSWORD,
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await rejection((await shortLived.caller({ token })).auth.me())).code).toBe("UNAUTHORIZED");
    } finally {
      await shortLived.close();
    }
  });

  it("a taken username (any case) is CONFLICT", async () => {
    const anonymous = await api.caller();
    await anonymous.auth.signup({ username: "carol", password: STRONG_PASSWORD });
    const error = await rejection(anonymous.auth.signup({ username: "CAROL", password: STRONG_PASSWORD }));
    expect(error.code).toBe("CONFLICT");
  });

  it("a wrong password and an unknown user get the same error", async () => {
    const anonymous = await api.caller();
    await anonymous.auth.signup({ username: "dave", password: STRONG_PASSWORD });
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

describe.each(drivers)("auth input and password rules on %s", (driver) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(driver);
  });
  afterAll(() => api.close());

  it.each([
    ["login", { username: "da\u0000ve", password: STRONG_PASSWORD }, "username"],
    ["login", { username: "dave\u202E", password: STRONG_PASSWORD }, "username"],
    ["signup", { username: "nul_name", password: STRONG_PASSWORD, displayName: "Nul\u0000" }, "displayName"],
    ["signup", { username: "rlo_name", password: STRONG_PASSWORD, displayName: "evil\u202Elive" }, "displayName"],
  ] as const)("%s with %j is BAD_REQUEST naming %s, with no SQL in the message", async (procedure, input, field) => {
    const anonymous = await api.caller();
    const call = procedure === "login" ? anonymous.auth.login(input) : anonymous.auth.signup(input);
    const error = await rejection(call);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(field);
    expect(error.message).not.toMatch(/select|insert|params/i);
  });

  it.each(["password123", "0123456789", "qwertyuiop", "iloveyou12345", "rosie_rosie2024"])(
    "signup refuses the common or guessable password %j with BAD_REQUEST naming password",
    async (password) => {
      const error = await rejection((await api.caller()).auth.signup({ username: "rosie_rosie", password }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/password.*(common|guess)/i);
      // A schema error on the password field, so the error formatter hands forms its field error.
      expect(error.cause).toBeInstanceOf(ZodError);
      expect(z.flattenError(error.cause as ZodError).fieldErrors).toEqual({
        password: [expect.stringMatching(/guess/)],
      });
    },
  );

  it("upgrades a hash stored with older scrypt parameters on the next successful login", async () => {
    setScryptParams(OWASP_SCRYPT_PARAMS); // other tests of this suite start their own (fast-hashing) test APIs
    const salt = randomBytes(16);
    const oldKey = scryptSync(STRONG_PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const oldHash = ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), oldKey.toString("base64url")].join("$");
    await api.database.db
      .insert(users)
      .values({ id: newId(), username: "legacy", displayName: "L", passwordHash: oldHash });

    await (await api.caller()).auth.login({ username: "legacy", password: STRONG_PASSWORD });
    const stored = await api.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, "legacy") });
    expect(stored?.passwordHash).toMatch(CURRENT_HASH_PREFIX);
    expect(await verifyPassword(STRONG_PASSWORD, stored?.passwordHash ?? "")).toBe(true);
    // And the upgraded hash logs in.
    await (await api.caller()).auth.login({ username: "legacy", password: STRONG_PASSWORD });
  });
});

describe.each(drivers)("auth rate limits on %s", (driver) => {
  it("an attacker's wrong logins and sign-ups from other IPs do not lock the owner out", async () => {
    // Production limits, not the test default.
    const api = await createTestApi(driver, { authRateLimits: createAuthRateLimits() });
    try {
      await (await api.caller({ ip: "192.0.2.7" })).auth.signup({ username: "victim", password: STRONG_PASSWORD });
      const attacker = await api.caller({ ip: "10.0.0.1" });
      const attackers = [
        attacker,
        ...(await Promise.all([2, 3, 4, 5].map((host) => api.caller({ ip: `10.0.0.${host}` })))),
      ];
      // 50 wrong logins, 10 per address (each address's guesses in order, the addresses in parallel).
      const refusals = await Promise.all(
        attackers.map(async (from) => {
          const codes: string[] = [];
          for (let attempt = 0; attempt < 10; attempt++) {
            codes.push((await rejection(from.auth.login({ username: "victim", password: `guess-${attempt}` }))).code);
          }
          return codes;
        }),
      );
      expect(refusals.flat().every((code) => code === "UNAUTHORIZED" || code === "TOO_MANY_REQUESTS")).toBe(true);
      // 20 sign-ups with the victim's name, 4 per address.
      const signups: string[] = [];
      for (const from of attackers) {
        for (let attempt = 0; attempt < 4; attempt++) {
          signups.push((await rejection(from.auth.signup({ username: "victim", password: STRONG_PASSWORD }))).code);
        }
      }

      const owner = await api.caller({ ip: "192.0.2.7" });
      const { user } = await owner.auth.login({ username: "victim", password: STRONG_PASSWORD });
      expect(user.username).toBe("victim");
      expect(new Set(signups)).toEqual(new Set(["CONFLICT"]));
      // The attacker's own pair stays refused, even with the right password: the refusal comes before the check.
      const refused = await rejection(attacker.auth.login({ username: "victim", password: STRONG_PASSWORD }));
      expect(refused.code).toBe("TOO_MANY_REQUESTS");
      expect(refused.message).toMatch(/retry in \d+ s/);
    } finally {
      await api.close();
    }
  });

  it("limits every attempt per IP per minute, sign-ups included", async () => {
    const api = await createTestApi(driver, { authRateLimits: createAuthRateLimits({ perIpPerMinute: 3 }) });
    try {
      const fromA = await api.caller({ ip: "10.0.0.1" });
      await fromA.auth.signup({ username: "first", password: STRONG_PASSWORD });
      await rejection(fromA.auth.login({ username: "first", password: "guess-guess" }));
      await fromA.auth.login({ username: "first", password: STRONG_PASSWORD });
      const limited = await rejection(fromA.auth.login({ username: "first", password: STRONG_PASSWORD }));
      expect(limited.code).toBe("TOO_MANY_REQUESTS");
      // Another address is not affected.
      await (await api.caller({ ip: "10.0.0.2" })).auth.login({ username: "first", password: STRONG_PASSWORD });
    } finally {
      await api.close();
    }
  });
});
