import { describe, expect, it } from "vitest";
import { MAX_BIO_LENGTH, stem, tokenize } from "./tokenize";

describe("tokenize", () => {
  it("lower-cases, splits on non-alphanumerics and drops stop words and 1-char tokens", () => {
    expect(tokenize("I write WebGPU shaders, and I love Rust!")).toEqual(["write", "webgpu", "shader", "love", "rust"]);
    expect(tokenize("C++ / x86-64 ⇒ a b")).toEqual(["x86", "64"]);
  });

  it("keeps letters of any script", () => {
    expect(tokenize("Café in São Paulo, 東京")).toEqual(["café", "são", "paulo", "東京"]);
  });

  it("reads at most the bio limit", () => {
    expect(tokenize(`${"word ".repeat(MAX_BIO_LENGTH)}tail`)).not.toContain("tail");
  });
});

describe("stem", () => {
  it("only folds plurals, keeping words readable", () => {
    expect(stem("shaders")).toBe("shader");
    expect(stem("communities")).toBe("community");
    expect(stem("classes")).toBe("class");
    expect(stem("glass")).toBe("glass");
    expect(stem("status")).toBe("status");
    expect(stem("analysis")).toBe("analysis");
    expect(stem("gas")).toBe("gas");
  });
});
