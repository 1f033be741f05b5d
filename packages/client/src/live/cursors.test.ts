import { describe, expect, it } from "vitest";
import { createStreamCursors } from "./cursors";

describe("stream cursors", () => {
  it("remember the last id per stream and never move back", () => {
    const cursors = createStreamCursors<"feed" | "notifications">();
    expect(cursors.get("feed")).toBeNull();
    cursors.set("feed", "9");
    cursors.set("feed", "10");
    cursors.set("feed", "4");
    cursors.set("notifications", "2");
    expect(cursors.get("feed")).toBe("10");
    expect(cursors.get("notifications")).toBe("2");
  });
});
