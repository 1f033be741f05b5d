import type { JobName, JobPayload } from "./definitions";
import type { JobLogger } from "./job-queue";

export interface SchedulerStore {
  exists(name: JobName): Promise<boolean>;
  upsert<Name extends JobName>(name: Name, payload: JobPayload<Name>, everyMs: number): Promise<unknown>;
  logger?: JobLogger;
}

/** How often at most the schedulers are checked (the shortest interval sets it otherwise). */
const MAX_CHECK_INTERVAL_MS = 30_000;

/**
 * Keeps BullMQ's job schedulers alive. They live in Redis only, so a Redis that restarts empty (or is flushed)
 * loses them and the scheduled job silently never runs again. Every added schedule is checked once per interval
 * (and at once when asked, e.g. when the connection is ready again) and upserted when it is missing; upserting an
 * existing one is never needed, so its slots are left as they are.
 */
export function keepSchedulers(store: SchedulerStore) {
  const schedules = new Map<JobName, { payload: unknown; everyMs: number }>();
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let stopped = false;

  const checkAll = async () => {
    for (const [name, { payload, everyMs }] of schedules) {
      try {
        if (await store.exists(name)) continue;
        await store.upsert(name, payload as JobPayload<typeof name>, everyMs);
        store.logger?.warn({ job: name, everyMs }, "job scheduler was missing (Redis lost its data); re-created it");
      } catch (error) {
        store.logger?.warn({ err: error, job: name }, "job scheduler check failed; retrying at the next one");
      }
    }
  };
  /** One check at a time; a check asked for while one runs is covered by it. */
  const check = () => {
    if (stopped || schedules.size === 0) return Promise.resolve();
    checking ??= checkAll().finally(() => {
      checking = undefined;
    });
    return checking;
  };
  const arm = () => {
    if (timer) clearInterval(timer);
    const everyMs = Math.min(MAX_CHECK_INTERVAL_MS, ...[...schedules.values()].map((schedule) => schedule.everyMs));
    timer = setInterval(() => void check(), everyMs);
    timer.unref();
  };

  return {
    /** Upserts the scheduler now (rejects if that fails) and keeps it from then on. */
    async add<Name extends JobName>(name: Name, payload: JobPayload<Name>, everyMs: number): Promise<void> {
      await store.upsert(name, payload, everyMs);
      schedules.set(name, { payload, everyMs });
      if (!stopped) arm();
    },
    check,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

export type JobSchedules = ReturnType<typeof keepSchedulers>;
