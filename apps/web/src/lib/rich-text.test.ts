import { describe, expect, it } from "vitest";
import { postLength, segmentText } from "./rich-text";

describe("segmentText", () => {
  it("splits #topics and @mentions out of plain text, keeping every character", () => {
    const content = "Hi @Bob, see #Rust and #wasm!";
    const segments = segmentText(content);
    expect(segments).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "mention", text: "@Bob", username: "bob" },
      { kind: "text", text: ", see " },
      { kind: "topic", text: "#Rust", topic: "rust" },
      { kind: "text", text: " and " },
      { kind: "topic", text: "#wasm", topic: "wasm" },
      { kind: "text", text: "!" },
    ]);
    expect(segments.map((segment) => segment.text).join("")).toBe(content);
  });

  it("follows the server's rules: no topic inside a word, no pure digits, no e-mail addresses", () => {
    expect(segmentText("issue#12 #1 mail me@example.com")).toEqual([
      { kind: "text", text: "issue#12 #1 mail me@example.com" },
    ]);
    expect(segmentText("@ab is too short, @abc is not").filter((segment) => segment.kind === "mention")).toEqual([
      { kind: "mention", text: "@abc", username: "abc" },
    ]);
  });

  it("leaves markup as text (the card renders it as a text node)", () => {
    const content = '<img src=x onerror="alert(1)"> #xss';
    const segments = segmentText(content);
    expect(segments[0]).toEqual({ kind: "text", text: '<img src=x onerror="alert(1)"> ' });
    expect(segments.map((segment) => segment.text).join("")).toBe(content);
  });

  it("turns http(s) URLs into links, leaving sentence punctuation and other schemes as text", () => {
    const content = "Read https://example.com/a?b=1#top. Or (http://x.io/wiki_(c)) — not javascript:alert(1) @bob";
    const segments = segmentText(content);
    expect(segments.filter((segment) => segment.kind === "link")).toEqual([
      { kind: "link", text: "https://example.com/a?b=1#top", href: "https://example.com/a?b=1#top" },
      { kind: "link", text: "http://x.io/wiki_(c)", href: "http://x.io/wiki_(c)" },
    ]);
    expect(segments.some((segment) => segment.kind === "topic")).toBe(false);
    expect(segments.at(-1)).toEqual({ kind: "mention", text: "@bob", username: "bob" });
    expect(segments.map((segment) => segment.text).join("")).toBe(content);
  });

  it("keeps markup inside a URL as text and the href percent-encoded", () => {
    const [link] = segmentText('https://evil.io/"><script>').filter((segment) => segment.kind === "link");
    expect(link).toEqual({ kind: "link", text: "https://evil.io/", href: "https://evil.io/" });
    const [quoted] = segmentText("https://a.io/<b>x").filter((segment) => segment.kind === "link");
    expect(quoted?.text).toBe("https://a.io/");
  });

  it("counts like the server: trimmed", () => {
    expect(postLength("  hello  ")).toBe(5);
  });
});
