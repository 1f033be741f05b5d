import { type MatchOutcome, matchStatus } from "@pulse/db";
import { z } from "zod";
import type { MatchResultEvent } from "./tasks";

const matchOutcomeSchema = z.object({
  matches: z.array(
    z.object({
      user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
      score: z.number(),
      reasons: z.array(z.string()),
      reasonText: z.string(),
      profile: z.object({ city: z.string(), timezone: z.string(), interestTags: z.array(z.string()) }),
    }),
  ),
  candidatesConsidered: z.number(),
  tookMs: z.number(),
}) satisfies z.ZodType<MatchOutcome>;

const matchResultEventSchema = z.object({
  seq: z.number(),
  taskId: z.string(),
  status: z.enum(["completed", "failed"]),
  result: matchOutcomeSchema.nullable(),
  error: z.string().nullable(),
  finishedAt: z.string(),
}) satisfies z.ZodType<MatchResultEvent>;

/** What travels on a user's match channel: a task's status and progress, or its one result. */
export const matchMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("task"),
    taskId: z.string(),
    status: z.enum(matchStatus.enumValues),
    progress: z.number(),
  }),
  z.object({ type: z.literal("finished"), taskId: z.string(), event: matchResultEventSchema }),
]);

export type MatchMessage = z.output<typeof matchMessageSchema>;
