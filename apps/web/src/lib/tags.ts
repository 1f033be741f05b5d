/** The matcher's limits (packages/matching/src/tags.ts); the server checks them again. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** "  #Machine   Learning " → "machine learning", as the server normalizes it; "" when nothing is left. */
export function normalizeTag(raw: string): string {
  const collapsed = raw.trim().replace(/^#+/, "").trim().toLowerCase().replace(/\s+/g, " ");
  return Array.from(collapsed).slice(0, MAX_TAG_LENGTH).join("").trimEnd();
}

/** Adds the tags typed (comma separated), skipping empty ones and duplicates, up to the limit. */
export function addTags(current: readonly string[], typed: string): string[] {
  const next = [...current];
  for (const part of typed.split(",")) {
    const tag = normalizeTag(part);
    if (tag && !next.includes(tag) && next.length < MAX_TAGS) next.push(tag);
  }
  return next;
}
