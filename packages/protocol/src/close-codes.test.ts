import { describe, expect, it } from "vitest";
import { CloseCode, closeReason, isSessionEnded } from "./close-codes";

describe("close codes", () => {
  it("give every code a reason that fits a close frame (at most 123 bytes)", () => {
    for (const code of Object.values(CloseCode)) {
      const reason = closeReason[code];
      expect(reason, `reason for ${code}`).toMatch(/^[A-Z][\w ,.;'-]+$/);
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    }
    expect(Object.keys(closeReason).map(Number).sort()).toEqual(Object.values(CloseCode).sort());
  });

  it("keep application codes in RFC 6455's private range and codes unique", () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code < 2000 || (code >= 4000 && code <= 4999), String(code)).toBe(true);
  });

  it("treat only SESSION_ENDED as the end of a session", () => {
    expect(isSessionEnded(CloseCode.SESSION_ENDED)).toBe(true);
    for (const code of [CloseCode.AUTH_TIMEOUT, CloseCode.SERVICE_RESTART, CloseCode.SLOW_CONSUMER, 1006, undefined]) {
      expect(isSessionEnded(code)).toBe(false);
    }
  });
});
