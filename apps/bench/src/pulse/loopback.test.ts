import { describe, expect, it } from "vitest";
import { loopbackAddress, SIGNUPS_PER_ADDRESS, signupAddress } from "./loopback";

describe("loopback source addresses for sign-ups", () => {
  it("never uses 127.0.0.1 and stays inside 127.0.0.0/8", () => {
    expect(loopbackAddress(0)).toBe("127.0.1.1");
    expect(loopbackAddress(253)).toBe("127.0.1.254");
    expect(loopbackAddress(254)).toBe("127.0.2.1");
    expect(loopbackAddress(254 * 254 - 1)).toBe("127.0.254.254");
    expect(() => loopbackAddress(254 * 254)).toThrow();
  });

  it("gives each address SIGNUPS_PER_ADDRESS sign-ups, under the limit of 30 per IP and minute", () => {
    expect(SIGNUPS_PER_ADDRESS).toBeLessThan(30);
    expect(signupAddress(0)).toBe(signupAddress(SIGNUPS_PER_ADDRESS - 1));
    expect(signupAddress(SIGNUPS_PER_ADDRESS)).not.toBe(signupAddress(0));
  });
});
