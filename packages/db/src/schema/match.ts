import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { idColumn } from "./ids";
import { users } from "./users";

export const matchStatus = pgEnum("match_status", ["queued", "running", "completed", "failed"]);

/** The profile fields a match request overrides for that one request (`input`), as `match.request` validated them. */
export interface MatchRequestOverrides {
  bio?: string;
  interestTags?: string[];
  city?: string;
  timezone?: string;
}

/** One ranked person in a finished match. */
export interface MatchedPerson {
  user: { id: string; username: string; displayName: string };
  score: number;
  reasons: string[];
  reasonText: string;
  profile: { city: string; timezone: string; interestTags: string[] };
}

/** A completed request's `result`. */
export interface MatchOutcome {
  matches: MatchedPerson[];
  candidatesConsidered: number;
  tookMs: number;
}

/** A match request is its own task: `id` is the taskId clients subscribe to. */
export const matchRequests = pgTable(
  "match_requests",
  {
    id: idColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: matchStatus("status").notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    /** The profile fields the request overrode, as sent. */
    input: jsonb("input").$type<MatchRequestOverrides>().notNull().default(sql`'{}'::jsonb`),
    result: jsonb("result").$type<MatchOutcome>(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    /** Per-user sequence of finished requests: the tracked event id of `match.onResult`. */
    resultSeq: bigint("result_seq", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    // At most one queued-or-running request per user: asking again returns the same taskId.
    uniqueIndex("match_requests_one_active_uq").on(t.userId).where(sql`${t.status} in ('queued', 'running')`),
    uniqueIndex("match_requests_user_result_seq_uq").on(t.userId, t.resultSeq),
    index("match_requests_user_idx").on(t.userId, t.id),
  ],
);
