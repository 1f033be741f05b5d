import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const profiles = pgTable(
  "profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    bio: text("bio").notNull().default(""),
    /** Normalized (lower-case, trimmed) interest tags. */
    interestTags: text("interest_tags").array().notNull().default(sql`'{}'::text[]`),
    city: text("city").notNull().default(""),
    /** IANA zone name, e.g. Europe/Berlin. */
    timezone: text("timezone").notNull().default("UTC"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("profiles_interest_tags_idx").using("gin", t.interestTags), index("profiles_city_idx").on(t.city)],
);
