import { timeZones } from "./timezones";

/**
 * Plain-words checks and messages for form fields: what the server would refuse, said the way a person would, and
 * messages that go away as soon as the field is changed.
 */

export const PICK_TIME_ZONE = "Pick a time zone from the list, e.g. Europe/Berlin.";

/** A zone whose last part is what was typed ("berlin" → "Europe/Berlin"), to suggest instead of an error code. */
export function suggestTimeZone(typed: string, zones: readonly string[] = timeZones()): string | null {
  const wanted = typed.trim().toLowerCase().replace(/\s+/g, "_");
  if (!wanted) return null;
  return zones.find((zone) => zone.toLowerCase().split("/").at(-1) === wanted) ?? null;
}

/** Null when the browser knows the zone; otherwise a sentence saying what to pick. */
export function timeZoneProblem(value: string, zones: readonly string[] = timeZones()): string | null {
  const typed = value.trim();
  if (typed && zones.some((zone) => zone.toLowerCase() === typed.toLowerCase())) return null;
  const suggestion = suggestTimeZone(typed, zones);
  if (suggestion) return `Pick a time zone from the list — did you mean ${suggestion}?`;
  return PICK_TIME_ZONE;
}

/** The server's messages for a field, only while the field still holds the value they were about. */
export function currentErrors(
  errors: readonly string[] | undefined,
  submitted: string | undefined,
  current: string,
): string[] | undefined {
  return errors && errors.length > 0 && submitted === current ? [...errors] : undefined;
}
