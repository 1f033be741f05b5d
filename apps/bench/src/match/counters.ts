import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import pg from "pg";
import { sleep } from "../util/pool";
import { readCpuMs } from "../util/proc";

/** Cumulative counters at one moment; two of them make a phase's `Work`. */
interface Readings {
  /** performance.now() of the reading. */
  at: number;
  redisCommands: number;
  /** CPU ms so far: the server and the workers (/proc), Redis (INFO cpu), the bench (process.cpuUsage). */
  serverCpuMs: number;
  workersCpuMs: number;
  redisCpuMs: number;
  loadGeneratorCpuMs: number;
  /** CPU ms so far of each PostgreSQL backend connected to the match database, by pid (/proc). */
  postgresCpuMs: Map<number, number>;
}

/**
 * The counters at a phase boundary. The CPU and Redis readings are taken at once (`ending` closes the phase before,
 * `starting` opens the next one, after the pause); PostgreSQL's transaction count only after the pause, see
 * `openWorkCounters`.
 */
export interface Boundary {
  ending: Readings;
  starting: Readings;
  /** xact_commit + xact_rollback of the match database, and when it was read. */
  pgTransactions: number;
  pgAt: number;
}

/** What a phase cost, all processes together. */
export interface Work {
  pgTransactions: number;
  redisCommands: number;
  cpuMs: { server: number; workers: number; postgres: number; redis: number; loadGenerator: number };
}

export interface WorkCounters {
  /** Ends a phase: CPU and Redis now, then PostgreSQL's count after the pause (nothing may run meanwhile). */
  boundary(): Promise<Boundary>;
  close(): Promise<void>;
}

/**
 * PostgreSQL 15 backends publish their statistics when they go idle, but at most once a second: a backend that
 * flushed less than a second ago defers the rest for PGSTAT_IDLE_INTERVAL (10 s). Only after that long are the
 * counts of a phase complete.
 */
export const PG_STATS_SETTLE_MS = 10_500;

export function sumCalls(commandStats: string): number {
  let calls = 0;
  for (const match of commandStats.matchAll(/calls=(\d+)/g)) calls += Number(match[1]);
  return calls;
}

function redisCpuMs(cpuInfo: string): number {
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(cpuInfo)?.[1] ?? Number.NaN);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1000;
}

async function cpuOrZero(pid: number): Promise<number> {
  // A process that is gone has no more CPU to report.
  return readCpuMs(pid).catch(() => 0);
}

async function sumCpu(pids: readonly number[]): Promise<number> {
  return (await Promise.all(pids.map(cpuOrZero))).reduce((sum, ms) => sum + ms, 0);
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * PostgreSQL transactions of the match database (`pg_stat_database`), Redis commands (`INFO commandstats`) and the
 * CPU time of every process involved, read at phase boundaries. Background work (outbox sweeps, trending, index
 * refresh checks) and this reader's own statements are included: a little noise over hundreds of requests.
 * PostgreSQL CPU is that of the backends connected at the boundary (pools keep their connections while busy; a
 * backend that ended during the phase is missed).
 */
export async function openWorkCounters(
  databaseUrl: string,
  redisUrl: string,
  pids: { server: readonly number[]; workers: readonly number[] },
): Promise<WorkCounters> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // Dropping the database at cleanup ends this connection from the server side: not an error of the run.
  client.on("error", () => {});
  await client.connect();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (error) {
    await client.end();
    redis.disconnect();
    throw error;
  }

  const readings = async (): Promise<Readings> => {
    const at = performance.now();
    const loadGeneratorCpuMs = ownCpuMs();
    const [serverCpuMs, workersCpuMs, commandStats, cpuInfo, backends] = await Promise.all([
      sumCpu(pids.server),
      sumCpu(pids.workers),
      redis.info("commandstats"),
      redis.info("cpu"),
      client.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      ),
    ]);
    const postgresCpuMs = new Map<number, number>();
    for (const { pid } of backends.rows) postgresCpuMs.set(pid, await cpuOrZero(pid));
    return {
      at,
      redisCommands: sumCalls(commandStats),
      serverCpuMs,
      workersCpuMs,
      redisCpuMs: redisCpuMs(cpuInfo),
      loadGeneratorCpuMs,
      postgresCpuMs,
    };
  };

  return {
    async boundary() {
      const ending = await readings();
      await sleep(PG_STATS_SETTLE_MS);
      const { rows } = await client.query<{ n: string }>(
        "select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()",
      );
      const pgAt = performance.now();
      const starting = await readings();
      return { ending, starting, pgTransactions: Number(rows[0]?.n ?? Number.NaN), pgAt };
    },
    async close() {
      redis.disconnect();
      await client.end();
    },
  };
}

/** The work of the phase between two boundaries (its PostgreSQL count includes the pause at its end: idle). */
export function workBetween(before: Boundary, after: Boundary): Work {
  const start = before.starting;
  const end = after.ending;
  let postgres = 0;
  for (const [pid, ms] of end.postgresCpuMs) postgres += ms - (start.postgresCpuMs.get(pid) ?? 0);
  return {
    pgTransactions: after.pgTransactions - before.pgTransactions,
    redisCommands: end.redisCommands - start.redisCommands,
    cpuMs: {
      server: end.serverCpuMs - start.serverCpuMs,
      workers: end.workersCpuMs - start.workersCpuMs,
      postgres,
      redis: end.redisCpuMs - start.redisCpuMs,
      loadGenerator: end.loadGeneratorCpuMs - start.loadGeneratorCpuMs,
    },
  };
}

/**
 * Per second of an idle stretch: from the start after `before` to the start after `after`, the latter's pause
 * included (nothing is requested during a pause); PostgreSQL between the two reads of its count.
 */
export function idleRate(before: Boundary, after: Boundary): Work {
  const work = workBetween(before, { ...after, ending: after.starting });
  const seconds = (after.starting.at - before.starting.at) / 1000;
  const pgSeconds = (after.pgAt - before.pgAt) / 1000;
  const per = workPer(work, seconds);
  return { ...per, pgTransactions: work.pgTransactions / pgSeconds };
}

/** `work` spread over `count` (requests, or seconds). */
export function workPer(work: Work, count: number): Work {
  const { cpuMs } = work;
  return {
    pgTransactions: work.pgTransactions / count,
    redisCommands: work.redisCommands / count,
    cpuMs: {
      server: cpuMs.server / count,
      workers: cpuMs.workers / count,
      postgres: cpuMs.postgres / count,
      redis: cpuMs.redis / count,
      loadGenerator: cpuMs.loadGenerator / count,
    },
  };
}
