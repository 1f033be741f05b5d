import { describe, expect, it } from "vitest";
import { addTags, MAX_TAGS, normalizeTag } from "./tags";

describe("tags", () => {
  it("normalizes as the server does", () => {
    expect(normalizeTag("  #Machine   Learning ")).toBe("machine learning");
    expect(normalizeTag("#")).toBe("");
    expect(normalizeTag("x".repeat(60))).toHaveLength(40);
  });

  it("adds comma-separated tags once, up to the limit", () => {
    expect(addTags(["rust"], "Rust, jazz,, #Climbing")).toEqual(["rust", "jazz", "climbing"]);
    const full = Array.from({ length: MAX_TAGS }, (_, index) => `t${index}`);
    expect(addTags(full, "one more")).toEqual(full);
  });
});
