import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./client";

describe("reconnectDelay", () => {
  it("grows exponentially with jitter and is capped", () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
      const delays = Array.from({ length: 200 }, () => reconnectDelay(attempt));
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
      // Jitter: not everyone retries at the same instant.
      expect(new Set(delays).size).toBeGreaterThan(100);
    }
  });
});
