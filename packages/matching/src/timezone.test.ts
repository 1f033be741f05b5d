import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  isValidTimeZone,
  utcOffsetMinutes,
  wakingHoursOverlap,
  wakingOverlapForOffsets,
} from "./timezone";
import { ALL_CITIES } from "./vocabulary";

const JANUARY = new Date("2025-01-15T12:00:00Z");
const JULY = new Date("2025-07-15T12:00:00Z");
// Between the US (9 March) and EU (30 March) switches to summer time: New York is already on EDT, Berlin on CET.
const MID_MARCH = new Date("2025-03-15T12:00:00Z");

describe("isValidTimeZone", () => {
  it("accepts real zones, UTC and the aliases Node's list omits", () => {
    for (const tz of ["Europe/Berlin", "UTC", "Etc/UTC", "Etc/GMT+5", "Asia/Kolkata", "America/New_York"]) {
      expect(isValidTimeZone(tz), tz).toBe(true);
    }
  });

  it("rejects invented zones, offsets and empty strings", () => {
    for (const tz of ["Mars/Olympus", "", "+01:00", "Europe", "Berlin"]) {
      expect(isValidTimeZone(tz), tz).toBe(false);
    }
  });

  it("resolves aliases to one canonical name", () => {
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("US/Eastern")).toBe("America/New_York");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
  });

  it("accepts every zone the community generator uses", () => {
    for (const city of ALL_CITIES) expect(isValidTimeZone(city.timezone), city.timezone).toBe(true);
  });
});

describe("utcOffsetMinutes", () => {
  it("follows daylight saving time", () => {
    expect(utcOffsetMinutes("Europe/Berlin", JANUARY)).toBe(60);
    expect(utcOffsetMinutes("Europe/Berlin", JULY)).toBe(120);
    expect(utcOffsetMinutes("America/New_York", JANUARY)).toBe(-300);
    expect(utcOffsetMinutes("America/New_York", JULY)).toBe(-240);
    expect(utcOffsetMinutes("Australia/Sydney", JANUARY)).toBe(660);
    expect(utcOffsetMinutes("Asia/Kathmandu", JANUARY)).toBe(345);
    expect(utcOffsetMinutes("UTC", JULY)).toBe(0);
  });

  it("throws on an unknown zone", () => {
    expect(() => utcOffsetMinutes("Mars/Olympus", JANUARY)).toThrow(RangeError);
  });
});

describe("wakingHoursOverlap", () => {
  it("is 16 for the same zone and symmetric", () => {
    expect(wakingHoursOverlap("Europe/Berlin", "Europe/Berlin", JANUARY)).toBe(16);
    expect(wakingHoursOverlap("Europe/Berlin", "America/New_York", JANUARY)).toBe(
      wakingHoursOverlap("America/New_York", "Europe/Berlin", JANUARY),
    );
  });

  it("Berlin vs New York: 6 hours apart in January and July, 5 in mid-March", () => {
    expect(wakingHoursOverlap("Europe/Berlin", "America/New_York", JANUARY)).toBe(10);
    expect(wakingHoursOverlap("Europe/Berlin", "America/New_York", JULY)).toBe(10);
    expect(wakingHoursOverlap("Europe/Berlin", "America/New_York", MID_MARCH)).toBe(11);
  });

  it("DST changes the overlap when only one side observes it", () => {
    // Tokyo has no DST: Berlin is 8 hours behind in January, 7 in July.
    expect(wakingHoursOverlap("Europe/Berlin", "Asia/Tokyo", JANUARY)).toBe(8);
    expect(wakingHoursOverlap("Europe/Berlin", "Asia/Tokyo", JULY)).toBe(9);
    expect(wakingHoursOverlap("Europe/Berlin", "Asia/Dubai", JANUARY)).toBe(13);
    expect(wakingHoursOverlap("Europe/Berlin", "Asia/Dubai", JULY)).toBe(14);
  });

  it("is flat at 8 hours for shifts between 8 and 16 hours (the two pieces trade off)", () => {
    // Berlin–Sydney moves from 10 to 8 hours apart across the year, yet shares 8 waking hours either way.
    expect(wakingHoursOverlap("Europe/Berlin", "Australia/Sydney", JANUARY)).toBe(8);
    expect(wakingHoursOverlap("Europe/Berlin", "Australia/Sydney", JULY)).toBe(8);
  });

  it("counts both pieces when windows are 12 hours apart, and handles :45 offsets", () => {
    expect(wakingOverlapForOffsets(0, 12 * 60)).toBe(8); // 19–23 and 07–11
    expect(wakingOverlapForOffsets(0, 8 * 60)).toBe(8);
    expect(wakingOverlapForOffsets(0, -8 * 60)).toBe(8);
    expect(wakingHoursOverlap("UTC", "Asia/Kathmandu", JANUARY)).toBe(16 - 5.75);
  });

  it("is deterministic given the instant", () => {
    const at = new Date("2025-10-26T01:30:00Z");
    expect(wakingHoursOverlap("Europe/London", "Asia/Tokyo", at)).toBe(
      wakingHoursOverlap("Europe/London", "Asia/Tokyo", new Date(at.getTime())),
    );
  });

  it("throws on an unknown zone", () => {
    expect(() => wakingHoursOverlap("Mars/Olympus", "UTC", JANUARY)).toThrow(RangeError);
  });
});
