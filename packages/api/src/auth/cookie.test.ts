import { describe, expect, it } from "vitest";
import { clearedSessionCookie, readSessionCookie, sessionCookie } from "./cookie";

describe("session cookie", () => {
  it("is __Host-pulse_session (Path=/, Secure, no Domain) when secure, pulse_session otherwise", () => {
    expect(sessionCookie("t", 60, true)).toBe(
      "__Host-pulse_session=t; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax",
    );
    expect(sessionCookie("t", 60, false)).toBe("pulse_session=t; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
    expect(clearedSessionCookie(true)).toMatch(/^__Host-pulse_session=; Max-Age=0; Path=\/;/);
  });

  it("reads the deployment's cookie and nothing else", () => {
    expect(readSessionCookie("a=1; pulse_session=abc; b=2", false)).toBe("abc");
    expect(readSessionCookie("pulse_session=abc", true)).toBeUndefined();
    expect(readSessionCookie("pulse_session=tossed; __Host-pulse_session=mine", true)).toBe("mine");
    expect(readSessionCookie(undefined, false)).toBeUndefined();
    expect(readSessionCookie("pulse_session=", false)).toBeUndefined();
  });

  it("is undefined when ambiguous: two session cookies, whichever comes first", () => {
    expect(readSessionCookie("pulse_session=attacker; pulse_session=victim", false)).toBeUndefined();
    expect(readSessionCookie("pulse_session=attacker;pulse_session=victim")).toBeUndefined();
  });

  it("without knowing the mode, prefers the __Host- cookie over tossed plain ones", () => {
    expect(readSessionCookie("pulse_session=tossed; __Host-pulse_session=mine")).toBe("mine");
    expect(readSessionCookie("pulse_session=plain")).toBe("plain");
    expect(readSessionCookie("__Host-pulse_session=a; __Host-pulse_session=b")).toBeUndefined();
  });
});
