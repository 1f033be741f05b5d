/** Longest tag we keep: longer input is almost always pasted prose, and the bound keeps index keys small. */
export const MAX_TAG_LENGTH = 40;
/** Tags per profile the matcher looks at; the API enforces 1–20, this only bounds per-candidate work on bad rows. */
export const MAX_TAGS = 20;

/** "  #Machine   Learning " → "machine learning". Returns "" when nothing is left. */
export function normalizeTag(raw: string): string {
  const collapsed = raw.trim().replace(/^#+/, "").trim().toLowerCase().replace(/\s+/g, " ");
  if (collapsed.length <= MAX_TAG_LENGTH) return collapsed;
  // Cut by code point, not UTF-16 unit, so an emoji is never split into a lone surrogate.
  return Array.from(collapsed).slice(0, MAX_TAG_LENGTH).join("").trimEnd();
}

/** Normalizes, drops empties and duplicates (first occurrence wins), keeps at most MAX_TAGS. */
export function normalizeTags(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of raw) {
    const normalized = normalizeTag(tag);
    if (normalized !== "" && !seen.has(normalized)) {
      seen.add(normalized);
      if (seen.size === MAX_TAGS) break;
    }
  }
  return [...seen];
}

/** City key for equality: "  New  York " and "new york" are the same city. "" means unknown. */
export function normalizeCity(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, " ");
}
