import { describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, needsRehash, OWASP_SCRYPT_PARAMS, verifyPassword } from "./password";

const OLD_PARAMS = { N: 2 ** 15, r: 8, p: 1 };

describe("password hashes", () => {
  it("are made at OWASP's N=2^15, r=8, p=3, and so is the dummy hash unknown users are checked against", async () => {
    const { N, r, p } = OWASP_SCRYPT_PARAMS;
    expect(N * r * p).toBeGreaterThanOrEqual(2 ** 15 * 8 * 3);
    const hash = await hashPassword("violet-kettle-drums-73");
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(await dummyPasswordHash()).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword("violet-kettle-drums-73", hash)).toBe(true);
    expect(await verifyPassword("violet-kettle-drums-74", hash)).toBe(false);
  });

  it("made with older parameters still verify and ask to be rehashed", async () => {
    const old = await hashPassword("violet-kettle-drums-73", OLD_PARAMS);
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("violet-kettle-drums-73", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["another scheme", "bcrypt$2b$10$abc"],
    ["missing parts", "scrypt$32768$8$1$salt"],
    ["N not a power of two", "scrypt$30000$8$1$c2FsdA$a2V5"],
    ["N asking for 128 GiB", `scrypt$${2 ** 30}$128$1$c2FsdA$a2V5`],
  ])("that are malformed (%s) verify as false without deriving anything", async (_, stored) => {
    expect(await verifyPassword("violet-kettle-drums-73", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });
});
