/** The browser's IANA time zone, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

let cached: string[] | undefined;

/** Every IANA zone this browser knows (plus UTC and the browser's own, which some lists omit). */
export function timeZones(): string[] {
  if (!cached) {
    const zones = new Set<string>(
      typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [],
    );
    zones.add("UTC");
    zones.add(browserTimeZone());
    cached = [...zones].sort();
  }
  return cached;
}
