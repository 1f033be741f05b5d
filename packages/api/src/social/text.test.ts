import { describe, expect, it } from "vitest";
import { extractMentions, extractTopics } from "./text";

describe("extractTopics", () => {
  it("finds #topics, lower-cased, deduplicated, in order", () => {
    expect(extractTopics("Shipping #Rust and #WebGPU today, #rust forever")).toEqual(["rust", "webgpu"]);
  });
  it("ignores hashes inside words, numbers and HTML entities", () => {
    expect(extractTopics("issue#12 is #1 priority &#39; but #café_2026 counts")).toEqual(["café_2026"]);
  });
});

describe("extractMentions", () => {
  it("finds @usernames, lower-cased, deduplicated", () => {
    expect(extractMentions("hey @Alice and @bob_99, cc @alice")).toEqual(["alice", "bob_99"]);
  });
  it("ignores email addresses and too-short names", () => {
    expect(extractMentions("mail me at carol@example.com or @xy")).toEqual([]);
  });
});
