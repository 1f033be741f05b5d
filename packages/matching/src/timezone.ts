/** Local waking window: 07:00–23:00. Overlap is measured against these 16 hours. */
export const WAKING_START_HOUR = 7;
export const WAKING_END_HOUR = 23;
export const WAKING_HOURS = WAKING_END_HOUR - WAKING_START_HOUR;

const MINUTES_PER_DAY = 24 * 60;

// Node's ICU list holds canonical names only: it omits "UTC" and "Etc/*", and (Node 20) still uses the old
// spellings ("Asia/Calcutta", not "Asia/Kolkata"). So a name is valid when ICU resolves it to an entry of the
// list, to UTC, or to an Etc zone — which accepts every alias and rejects both junk and raw offsets ("+01:00").
const knownZones = new Set<string>(Intl.supportedValuesOf("timeZone"));
const canonicalCache = new Map<string, string | null>();
const formatterCache = new Map<string, Intl.DateTimeFormat>();

/** The zone name ICU uses for `tz` ("Etc/UTC" → "UTC", "Asia/Kolkata" → whatever this Node spells it), or null. */
export function canonicalTimeZone(tz: string): string | null {
  const cached = canonicalCache.get(tz);
  if (cached !== undefined) return cached;
  let canonical: string | null = null;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    if (knownZones.has(resolved) || resolved === "UTC" || resolved.startsWith("Etc/")) canonical = resolved;
  } catch {
    canonical = null; // RangeError: not a zone ICU knows.
  }
  // Bounded: a hostile caller could otherwise grow the cache with endless junk names.
  if (canonicalCache.size < 10_000) canonicalCache.set(tz, canonical);
  return canonical;
}

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== null;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(zone);
  if (formatter === undefined) {
    // Building a formatter costs ~100 µs; there are only a few hundred zones, so keep them all.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatterCache.set(zone, formatter);
  }
  return formatter;
}

/** Minutes to add to UTC to get local time in `tz` at the instant `at` (Berlin in July: +120). Throws on a bad zone. */
export function utcOffsetMinutes(tz: string, at: Date): number {
  const zone = canonicalTimeZone(tz);
  if (zone === null) throw new RangeError(`Unknown time zone: ${tz}`);
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  const atWholeSeconds = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((localAsUtc - atWholeSeconds) / 60_000);
}

/**
 * Hours in common of two 16-hour waking windows whose local clocks are `offsetA`/`offsetB` minutes ahead of UTC.
 * On the 24-hour circle two such windows can overlap in two pieces (12 h apart: 4 h in the evening + 4 h in the
 * morning), hence the two terms.
 */
export function wakingOverlapForOffsets(offsetA: number, offsetB: number): number {
  const windowMinutes = WAKING_HOURS * 60;
  const shift = (((offsetA - offsetB) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const minutes = Math.max(0, windowMinutes - shift) + Math.max(0, windowMinutes - (MINUTES_PER_DAY - shift));
  return minutes / 60;
}

/**
 * Waking hours (07:00–23:00 local) two zones share, using each zone's UTC offset at the instant `at` so daylight
 * saving time is right for that date. Deterministic given `at`. Throws RangeError on an unknown zone.
 */
export function wakingHoursOverlap(tzA: string, tzB: string, at: Date): number {
  return wakingOverlapForOffsets(utcOffsetMinutes(tzA, at), utcOffsetMinutes(tzB, at));
}
