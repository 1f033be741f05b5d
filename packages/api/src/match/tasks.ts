import {
  and,
  type Database,
  eq,
  inArray,
  lt,
  type MatchOutcome,
  matchRequests,
  sql,
  type Transaction,
} from "@pulse/db";
import { nextSequence } from "../streams/sequences";
import { sharedReadPerDatabase } from "../streams/shared-read";
import type { ProfileOverrides } from "./profile-input";

type TaskRow = typeof matchRequests.$inferSelect;
export type TaskStatus = TaskRow["status"];

/** The wire shape of a finished request: the event of `match.onResult`, numbered per user. */
export function toResultEvent(row: TaskRow) {
  return {
    seq: row.resultSeq ?? 0,
    taskId: row.id,
    status: row.status === "failed" ? ("failed" as const) : ("completed" as const),
    result: row.result,
    error: row.error,
    finishedAt: (row.finishedAt ?? row.updatedAt).toISOString(),
  };
}

export type MatchResultEvent = ReturnType<typeof toResultEvent>;

/** The wire shape of `match.status`. */
export function toTaskView(row: TaskRow) {
  return {
    taskId: row.id,
    status: row.status,
    progress: row.progress,
    result: row.result,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const ACTIVE: TaskStatus[] = ["queued", "running"];

/**
 * An unfinished task nobody touched (started, progressed) for this long is dead, whatever killed it: a request
 * never hands it back. The workers fail such tasks sooner (MATCH_TASK_DEADLINE from the job settings); this bound
 * is the backstop for a cluster whose workers are all gone.
 */
export const STALE_TASK_MS = 15 * 60 * 1000;

export const TIMED_OUT_MESSAGE = "Matching did not finish in time; please try again";

/**
 * The user's queued-or-running request, or a new one. The partial unique index (one active request per user)
 * makes concurrent requests of the same user converge on one taskId. An active request untouched for
 * `staleAfterMs` is failed first (`expired`: its event, to publish after the commit) and a new one created.
 */
export async function createOrReuseTask(
  tx: Transaction,
  userId: string,
  overrides: ProfileOverrides,
  staleAfterMs = STALE_TASK_MS,
): Promise<{ taskId: string; created: boolean; expired?: MatchResultEvent }> {
  const insert = () =>
    tx
      .insert(matchRequests)
      .values({ userId, input: overrides })
      .onConflictDoNothing()
      .returning({ id: matchRequests.id });
  const [created] = await insert();
  if (created) return { taskId: created.id, created: true };
  const [active] = await tx
    .select({ id: matchRequests.id, userId: matchRequests.userId, updatedAt: matchRequests.updatedAt })
    .from(matchRequests)
    .where(and(eq(matchRequests.userId, userId), inArray(matchRequests.status, ACTIVE)))
    .for("update");
  if (!active) throw new Error("no active match request after a conflict");
  if (active.updatedAt.getTime() > Date.now() - staleAfterMs) return { taskId: active.id, created: false };
  const expired = await finishTask(tx, active, { error: TIMED_OUT_MESSAGE });
  const [replacement] = await insert();
  if (!replacement) throw new Error("no new match request after expiring the stale one");
  return { taskId: replacement.id, created: true, ...(expired ? { expired } : {}) };
}

/** Unfinished tasks untouched since `before`, oldest first (the worker fails them). */
export async function staleTasks(db: Database, before: Date, limit = 100) {
  return db
    .select({ id: matchRequests.id, userId: matchRequests.userId })
    .from(matchRequests)
    .where(and(inArray(matchRequests.status, ACTIVE), lt(matchRequests.updatedAt, before)))
    .orderBy(matchRequests.updatedAt)
    .limit(limit);
}

export async function findTask(db: Database, taskId: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(matchRequests).where(eq(matchRequests.id, taskId));
  return row;
}

/** Marks an unfinished task running for one more attempt; undefined when it is already finished (a stale retry). */
export async function startAttempt(db: Database, taskId: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(matchRequests)
    .set({ status: "running", attempts: sql`${matchRequests.attempts} + 1`, updatedAt: new Date() })
    .where(and(eq(matchRequests.id, taskId), inArray(matchRequests.status, ACTIVE)))
    .returning();
  return row;
}

export async function recordProgress(db: Database, taskId: string, progress: number): Promise<void> {
  await db
    .update(matchRequests)
    .set({ progress, updatedAt: new Date() })
    .where(and(eq(matchRequests.id, taskId), eq(matchRequests.status, "running")));
}

/**
 * Finishes a task exactly once: only an unfinished row is updated, and its result number is allocated in the same
 * transaction. A second finisher (a retried or recovered duplicate run) gets null and must publish nothing.
 */
export async function finishTask(
  tx: Transaction,
  task: Pick<TaskRow, "id" | "userId">,
  outcome: { result: MatchOutcome } | { error: string },
): Promise<MatchResultEvent | null> {
  const [locked] = await tx
    .select({ id: matchRequests.id })
    .from(matchRequests)
    .where(and(eq(matchRequests.id, task.id), inArray(matchRequests.status, ACTIVE)))
    .for("update");
  if (!locked) return null;
  const resultSeq = await nextSequence(tx, task.userId, "match");
  const now = new Date();
  const [row] = await tx
    .update(matchRequests)
    .set({
      ...("result" in outcome
        ? { status: "completed" as const, progress: 100, result: outcome.result, error: null }
        : { status: "failed" as const, error: outcome.error }),
      resultSeq,
      updatedAt: now,
      finishedAt: now,
    })
    .where(eq(matchRequests.id, task.id))
    .returning();
  return row ? toResultEvent(row) : null;
}

export async function resultsAfter(db: Database, userId: string, afterSeq: number, limit: number) {
  const rows = await db
    .select()
    .from(matchRequests)
    .where(and(eq(matchRequests.userId, userId), sql`${matchRequests.resultSeq} > ${afterSeq}`))
    .orderBy(matchRequests.resultSeq)
    .limit(limit);
  return rows.map(toResultEvent);
}

/** As resultsAfter, one read for the subscriptions of this instance that need the same page together. */
export const sharedResultsAfter = sharedReadPerDatabase(resultsAfter);
