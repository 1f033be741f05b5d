import { describe, expect, it } from "vitest";
import { createSlotPool } from "./slot-pool";

describe("slot pool", () => {
  it("grants up to its size, queues the rest in order, and hands freed slots on", () => {
    const pool = createSlotPool(2);
    const granted: string[] = [];
    const releaseA = pool.request(() => granted.push("a"));
    pool.request(() => granted.push("b"));
    const releaseC = pool.request(() => granted.push("c"));
    pool.request(() => granted.push("d"));
    expect(granted).toEqual(["a", "b"]);
    releaseC();
    releaseC();
    expect(granted).toEqual(["a", "b"]);
    releaseA();
    expect(granted).toEqual(["a", "b", "d"]);
    expect(pool.inUse).toBe(2);
  });
});
