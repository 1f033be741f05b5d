import { describe, expect, it } from "vitest";
import { lineInput, textInput } from "./text";

describe("text inputs", () => {
  it("takes what people type, line breaks and emoji included", () => {
    expect(textInput().parse("hello\nworld 👋 #pulse")).toBe("hello\nworld 👋 #pulse");
    for (const name of ["Zoë Müller 🎸", "dev 👩‍💻", "family 👨‍👩‍👧", "🏳️‍🌈 pride", "👋🏽‍♀"]) {
      expect(lineInput().parse(name)).toBe(name);
    }
  });

  it("refuses NUL and other control characters", () => {
    expect(textInput().safeParse("a\u0000b").success).toBe(false);
    expect(textInput().safeParse("bell\u0007").success).toBe(false);
    expect(lineInput().safeParse("a\u0000b").success).toBe(false);
    expect(lineInput().safeParse("two\nlines").success).toBe(false);
  });

  it("refuses invisible and text-direction characters in names", () => {
    for (const sneaky of ["ali\u200Bce", "\u202Eecila", "bob\u2066", "\uFEFFcarol", "da\u200Dve"]) {
      expect(lineInput().safeParse(sneaky).success, JSON.stringify(sneaky)).toBe(false);
    }
  });
});
