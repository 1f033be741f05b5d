import { describe, expect, it } from "vitest";
import { MAX_TAG_LENGTH, MAX_TAGS, normalizeCity, normalizeTag, normalizeTags } from "./tags";

describe("normalizeTag", () => {
  it("trims, lower-cases, collapses spaces and strips a leading #", () => {
    expect(normalizeTag("  #Machine   Learning ")).toBe("machine learning");
    expect(normalizeTag("Rust")).toBe("rust");
    expect(normalizeTag("# WebGPU")).toBe("webgpu");
    expect(normalizeTag("c#")).toBe("c#");
    expect(normalizeTag("open\tsource\n")).toBe("open source");
  });

  it("returns an empty string when nothing is left", () => {
    expect(normalizeTag("   ")).toBe("");
    expect(normalizeTag("#")).toBe("");
  });

  it(`cuts at ${MAX_TAG_LENGTH} code points without splitting an emoji`, () => {
    expect(normalizeTag("a".repeat(100))).toHaveLength(MAX_TAG_LENGTH);
    const emoji = normalizeTag("🚀".repeat(50));
    expect(Array.from(emoji)).toHaveLength(MAX_TAG_LENGTH);
    expect(emoji).toBe("🚀".repeat(MAX_TAG_LENGTH));
  });
});

describe("normalizeTags", () => {
  it("drops empties and duplicates, first occurrence wins", () => {
    expect(normalizeTags(["Rust", "#rust", " ", "Go", "go "])).toEqual(["rust", "go"]);
  });

  it(`keeps at most ${MAX_TAGS}`, () => {
    const many = Array.from({ length: 30 }, (_, i) => `tag${i}`);
    expect(normalizeTags(many)).toEqual(many.slice(0, MAX_TAGS));
  });
});

describe("normalizeCity", () => {
  it("makes differently typed cities equal", () => {
    expect(normalizeCity("  New  York ")).toBe(normalizeCity("new york"));
    expect(normalizeCity("   ")).toBe("");
  });
});
