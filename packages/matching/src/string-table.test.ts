import { describe, expect, it } from "vitest";
import { createStringTable, lookupString, stringAt } from "./string-table";

describe("StringTable", () => {
  it("maps every string to its position and back, including non-ASCII and the empty string", () => {
    const strings = ["rust", "", "são paulo", "東京", "emoji 🦀", ...Array.from({ length: 1_000 }, (_, i) => `w${i}`)];
    const table = createStringTable(strings);
    strings.forEach((s, id) => {
      expect(lookupString(table, s)).toBe(id);
      expect(stringAt(table, id)).toBe(s);
    });
  });

  it("answers -1 for strings it does not hold, prefixes and extensions included", () => {
    const table = createStringTable(["rust", "webgpu"]);
    for (const absent of ["rus", "rusty", "Rust", "", "x".repeat(10_000)]) expect(lookupString(table, absent)).toBe(-1);
    expect(lookupString(createStringTable([]), "rust")).toBe(-1);
    expect(() => stringAt(table, 2)).toThrow(RangeError);
  });

  it("survives structured cloning (what a thread hand-over does)", () => {
    const table = structuredClone(createStringTable(["alice", "bob"]));
    expect(lookupString(table, "bob")).toBe(1);
    expect(stringAt(table, 0)).toBe("alice");
  });
});
