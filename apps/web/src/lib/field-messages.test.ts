import { describe, expect, it } from "vitest";
import { currentErrors, suggestTimeZone, timeZoneProblem } from "./field-messages";

const zones = ["America/New_York", "Europe/Berlin", "UTC"];

describe("field messages", () => {
  it("says which time zone to pick instead of 'not an IANA time zone'", () => {
    expect(timeZoneProblem("Berlin", zones)).toBe("Pick a time zone from the list — did you mean Europe/Berlin?");
    expect(timeZoneProblem("new york", zones)).toContain("America/New_York");
    expect(timeZoneProblem("Atlantis", zones)).toBe("Pick a time zone from the list, e.g. Europe/Berlin.");
    expect(timeZoneProblem("", zones)).toBe("Pick a time zone from the list, e.g. Europe/Berlin.");
    expect(timeZoneProblem("europe/berlin", zones)).toBeNull();
    expect(suggestTimeZone("Tokyo", zones)).toBeNull();
  });

  it("drops the server's message once the field no longer holds the refused value", () => {
    expect(currentErrors(["too long"], "abc", "abc")).toEqual(["too long"]);
    expect(currentErrors(["too long"], "abc", "abcd")).toBeUndefined();
    expect(currentErrors(undefined, "abc", "abc")).toBeUndefined();
  });
});
