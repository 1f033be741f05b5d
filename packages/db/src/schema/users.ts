import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { idColumn } from "./ids";

export const users = pgTable("users", {
  id: idColumn(),
  /** Always lower-case: uniqueness and lookups are case-insensitive. */
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  passwordHash: text("password_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: idColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);
