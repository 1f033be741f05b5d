import { profiles } from "@pulse/db";
import { canonicalTimeZone, MAX_TAG_LENGTH, MAX_TAGS, normalizeTags } from "@pulse/matching";
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { lineInput, textInput } from "../validation/text";

export const bioSchema = textInput().max(2_000);

/** 1–20 interest tags, normalized (trimmed, lower-case, no '#', duplicates merged). */
export const interestTagsSchema = z
  .array(lineInput().max(MAX_TAG_LENGTH))
  .max(MAX_TAGS)
  .transform((tags) => normalizeTags(tags))
  .refine((tags) => tags.length >= 1, "at least one non-empty interest tag");

/** Kept as written (display casing); the matcher compares cities case-insensitively. */
export const citySchema = lineInput()
  .max(100)
  .transform((city) => city.trim().replace(/\s+/g, " "));

/** An IANA time zone from the real zone list, stored in its canonical spelling. */
export const timezoneSchema = lineInput()
  .max(64)
  .transform((zone, context) => {
    const canonical = canonicalTimeZone(zone.trim());
    if (!canonical) {
      context.addIssue({ code: "custom", message: `not an IANA time zone: ${zone.slice(0, 64)}` });
      return z.NEVER;
    }
    return canonical;
  });

/**
 * A profile as written by its owner: the profiles table's editable columns (from drizzle-zod, so a column change
 * reaches the input), each with the product's own validation and normalization.
 */
export const profileInput = createInsertSchema(profiles, {
  bio: bioSchema,
  interestTags: interestTagsSchema,
  city: citySchema,
  timezone: timezoneSchema,
})
  .pick({ bio: true, interestTags: true, city: true, timezone: true })
  .required();

/** `match.request` may override any profile field for this one request. */
export const profileOverridesInput = profileInput.partial();

export type ProfileInput = z.output<typeof profileInput>;
export type ProfileOverrides = z.output<typeof profileOverridesInput>;
