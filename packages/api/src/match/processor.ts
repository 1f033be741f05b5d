import {
  and,
  type Database,
  eq,
  follows,
  inArray,
  type MatchOutcome,
  type MatchRequestOverrides,
  matchRequests,
  profiles,
  users,
} from "@pulse/db";
import type { JobContext } from "@pulse/jobs";
import { match, type Profile } from "@pulse/matching";
import type { EventBus } from "@pulse/realtime";
import type { Logger } from "pino";
import { channels, type MatchMessage } from "../channels";
import { MatchIndexCache } from "./index-cache";
import { findProfile, toMatcherProfile } from "./profiles";
import { finishTask, recordProgress, staleTasks, startAttempt, type TaskStatus, TIMED_OUT_MESSAGE } from "./tasks";

/** Deliberate faults for the fault-tolerance tests (config refuses them outside NODE_ENV=test). */
export type MatchFault = { kind: "none" } | { kind: "fail" } | { kind: "slow"; delayMs: number };

export interface MatchProcessorDeps {
  db: Database;
  bus: EventBus;
  logger: Pick<Logger, "info" | "warn" | "error">;
  indexRefreshMs?: number;
  /** How many people a result lists. */
  k?: number;
  fault?: MatchFault;
}

/** A failure the user must fix (not worth retrying). */
class UnmatchableRequest extends Error {}

/**
 * The `match.compute` job: runs one request, streams progress, finishes it exactly once. `close()` stops a running
 * index build (its worker thread); without it, shutdown merely waits for that build to finish.
 */
export function createMatchProcessor(deps: MatchProcessorDeps) {
  const cache = new MatchIndexCache(deps.db, deps.indexRefreshMs ?? 10_000, deps.logger);
  const publish = (userId: string, message: MatchMessage) =>
    deps.bus.publish(channels.userMatch(userId), message).catch((error: unknown) => {
      deps.logger.warn({ err: error }, "publish failed");
    });
  const progress = async (task: { id: string; userId: string }, value: number, status: TaskStatus = "running") => {
    await recordProgress(deps.db, task.id, value);
    await publish(task.userId, { type: "task", taskId: task.id, status, progress: value });
  };

  const finish = async (
    task: { id: string; userId: string },
    outcome: { result: MatchOutcome } | { error: string },
  ) => {
    const event = await deps.db.transaction((tx) => finishTask(tx, task, outcome));
    // null: another run finished it first; exactly one result reaches the user.
    if (event) await publish(task.userId, { type: "finished", taskId: task.id, event });
  };

  const compute = async (task: { id: string; userId: string; input: MatchRequestOverrides }): Promise<MatchOutcome> => {
    const stored = await findProfile(deps.db, task.userId);
    const request: Profile = {
      ...toMatcherProfile(stored ?? { userId: task.userId, bio: "", interestTags: [], city: "", timezone: "UTC" }),
      ...task.input,
      userId: task.userId,
    };
    if (request.interestTags.length === 0 && request.bio.trim() === "") {
      throw new UnmatchableRequest("Add interests or a bio to your profile (or to the request) first");
    }
    await progress(task, 20);
    const index = await cache.get();
    await progress(task, 50);
    const followed = await deps.db
      .select({ id: follows.followeeId })
      .from(follows)
      .where(eq(follows.followerId, task.userId));
    const found = match(index, request, {
      k: deps.k ?? 10,
      exclude: new Set(followed.map((row) => row.id)),
      at: new Date(),
    });
    await progress(task, 80);
    const ids = found.matches.map((candidate) => candidate.userId);
    const people = ids.length
      ? await deps.db
          .select({
            id: users.id,
            username: users.username,
            displayName: users.displayName,
            city: profiles.city,
            timezone: profiles.timezone,
            interestTags: profiles.interestTags,
          })
          .from(users)
          .innerJoin(profiles, eq(profiles.userId, users.id))
          .where(inArray(users.id, ids))
      : [];
    const byId = new Map(people.map((person) => [person.id, person]));
    return {
      matches: found.matches.flatMap((candidate) => {
        const person = byId.get(candidate.userId);
        if (!person) return [];
        const { id, username, displayName, city, timezone, interestTags } = person;
        return [
          {
            user: { id, username, displayName },
            score: candidate.score,
            reasons: [...candidate.reasons],
            reasonText: candidate.reasonText,
            profile: { city, timezone, interestTags },
          },
        ];
      }),
      candidatesConsidered: found.candidatesConsidered,
      tookMs: Math.round(found.tookMs * 100) / 100,
    };
  };

  const run = async ({ taskId }: { taskId: string }, context: JobContext): Promise<void> => {
    const task = await startAttempt(deps.db, taskId);
    if (!task) return; // Finished already (a duplicate or recovered run): nothing to do, nothing to publish.
    await progress(task, 5);
    try {
      const delayMs = deps.fault?.kind === "slow" ? deps.fault.delayMs : 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (deps.fault?.kind === "fail") throw new Error("injected failure (MATCH_FAULT=fail)");
      await finish(task, { result: await compute(task) });
    } catch (error) {
      if (error instanceof UnmatchableRequest) return finish(task, { error: error.message });
      if (context.attempt >= context.maxAttempts) {
        deps.logger.error({ err: error, taskId, attempts: context.attempt }, "match request gave up");
        return finish(task, { error: `Matching failed after ${context.attempt} attempts; please try again later` });
      }
      deps.logger.warn({ err: error, taskId, attempt: context.attempt }, "match attempt failed; will retry");
      await deps.db
        .update(matchRequests)
        .set({ status: "queued" })
        .where(and(eq(matchRequests.id, taskId), eq(matchRequests.status, "running")));
      await publish(task.userId, { type: "task", taskId, status: "queued", progress: 0 });
      throw error;
    }
  };
  /**
   * Fails every task untouched for `deadlineMs` with an error event: a task whose job is gone for good (a poison
   * job that kills its workers, redeliveries used up) still ends, and its user can ask again. Returns how many.
   */
  const expireStale = async (deadlineMs: number): Promise<number> => {
    const stale = await staleTasks(deps.db, new Date(Date.now() - deadlineMs));
    for (const task of stale) {
      deps.logger.warn({ taskId: task.id, deadlineMs }, "match request did not finish in time; failing it");
      await finish(task, { error: TIMED_OUT_MESSAGE });
    }
    return stale.length;
  };
  return Object.assign(run, { close: () => cache.close(), expireStale });
}
