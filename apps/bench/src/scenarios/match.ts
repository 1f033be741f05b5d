import os from "node:os";
import { performance } from "node:perf_hooks";
import { startRedisServer } from "@pulse/realtime/testing";
import { idleRate, openWorkCounters, PG_STATS_SETTLE_MS, type Work, workBetween, workPer } from "../match/counters";
import { inProcessReference, type ReferenceResult } from "../match/reference";
import { MatchRequester } from "../match/requester";
import { seedMatchCommunity, storedProfile } from "../match/seed";
import type { BenchOptions } from "../options";
import { signUp } from "../pulse/accounts";
import { createHttpClient } from "../pulse/http-client";
import { type PulseEnvironment, startPulseServer } from "../pulse/server";
import { type IndexBuild, startPulseWorker, type WorkerProcess } from "../pulse/worker";
import type { ServerProcess } from "../util/child";
import { onCleanup } from "../util/cleanup";
import { createBenchDatabase } from "../util/database";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";
import { readRssBytes } from "../util/proc";
import { type Summary, summarize } from "../util/stats";

/** People a result lists (the processor's default k) — precision is computed at this k. */
export const MATCH_K = 10;
/** The generator's options besides the size: 100 members per planted group on average, 20 % noise. */
export const MATCH_SEED = 1;
export const MATCH_NOISE = 0.2;
export const MEMBERS_PER_GROUP = 100;

/** Sequential samples rotate over this many requesters (each far below 600 mutations a minute). */
const LATENCY_REQUESTERS = 8;
const SIGNUP_CONCURRENCY = 8;
/** A request whose result has not arrived on the subscription by then counts as lost. */
const RESULT_TIMEOUT_MS = 20_000;
/** Both workers must have built their index within this long (100 000 profiles on 2 busy cores: seconds). */
const INDEX_WARMUP_TIMEOUT_MS = 240_000;
/** A phase that loses or fails this many requests stops (and says so) rather than running into timeouts. */
const GIVE_UP_AFTER = 20;
const KEPT_ERRORS = 5;
/** Nothing requested for this long before the latency phase: what the processes do by themselves. */
const IDLE_PROBE_MS = 5_000;

export interface MatchPhase {
  /** Requests sent (measured ones only). */
  requests: number;
  /** Request sent → the `match.onResult` frame for that taskId decoded by the requester's client. */
  endToEnd: Summary | null;
  /** Request sent → the HTTP response with the taskId. */
  response: Summary | null;
  /** Request sent → the worker's `finishedAt` (queue wait, pickup, progress writes, compute, queries); wall clock. */
  toFinished: Summary | null;
  /** The worker's `finishedAt` → frame decoded (finishing transaction, PUBLISH, server relay, WebSocket); wall clock. */
  delivery: Summary | null;
  /** `result.tookMs`: the matcher's own time inside the worker. */
  computeMs: Summary | null;
  candidatesConsidered: Summary | null;
  /** No result within RESULT_TIMEOUT_MS. */
  lost: number;
  /** `match.request` failed (HTTP/tRPC error). */
  failed: number;
  /** Of `failed`: TOO_MANY_REQUESTS (the per-user mutation budget). */
  tooManyRequests: number;
  /** The result event said `failed`. */
  failedResults: number;
  /** `match.request` answered `reused: true` (a request of that user was still queued or running). */
  reused: number;
  errors: Record<string, number>;
  /**
   * Per request sent in this phase, all processes together (background jobs included): PostgreSQL transactions in
   * the match database (pg_stat_database), Redis commands (INFO commandstats) and CPU ms of the server, the workers,
   * the PostgreSQL backends of the match database, redis-server and the load generator. See match/counters.ts.
   */
  workPerRequest: Work | null;
}

export interface MatchThroughput extends MatchPhase {
  concurrency: number;
  seconds: number;
  /** Results received within the window. */
  results: number;
  resultsPerSecond: number;
}

export interface MatchScenarioResult {
  profiles: number;
  groups: number;
  noise: number;
  seed: number;
  database: string;
  setup: {
    migrateSeconds: number;
    /** Generating, inserting (users + profiles) and ANALYZE. */
    insertSeconds: number;
    profilesPerSecond: number;
    /** auth.signup + profile.upsert of the requesters, through the server. */
    requesterSeconds: number;
  };
  servers: number;
  workers: number;
  /** WORKER_CONCURRENCY of each worker, from its "worker started" line. */
  workerConcurrency: Array<number | null>;
  requesters: number;
  /** Every "match index built" line, with the time since that worker said it started. */
  indexBuilds: Array<{ worker: string; profiles: number; ms: number; afterWorkerStartMs: number; line: string }>;
  /** Index builds logged after the warm-up (a refresh rebuild while measuring): expected 0. */
  indexRebuildsWhileMeasuring: number;
  /** The index warm-up: first requests until every worker logged "match index built". */
  indexWarmup: { requests: number; seconds: number };
  memory: { serverRssBytes: number; workerRssBytes: number[] };
  latency: MatchPhase & { samples: number; warmup: number; gapMs: number; requesters: number };
  throughput: MatchThroughput | null;
  quality: {
    k: number;
    /** Mean precision@k of each requester's first result (distinct requesters). */
    precisionAtK: number | null;
    requestersScored: number;
    /** Mean precision@k over every result received. */
    precisionAtKAllResults: number | null;
    resultsScored: number;
    /** The same requesters through the matcher library in the bench process: what Pulse should reproduce. */
    inProcess: ReferenceResult | null;
  };
  /** os.loadavg()[0] sampled every second while measuring (other work on the machine skews every number). */
  loadAverage: { atStart: number[]; max1m: number; mean1m: number; atEnd: number[] };
  /**
   * The same counters per second while nothing was requested (after the warm-up): housekeeping, outbox sweeps,
   * job-queue polling. Part of every phase's per-request figures, weighing most where requests are sparse.
   */
  backgroundPerSecond: Work;
  /** Late results (after their wait timed out) and stream resets: expected 0. */
  unclaimedResults: number;
  streamResets: number;
}

/** One request → result, as a requester sees it. */
type Outcome =
  | {
      kind: "ok";
      sent: { sentAt: number; wallSentAt: number; respondedAt: number; reused: boolean };
      arrivedAt: number;
      wallArrivedAt: number;
      finishedAt: number;
      computeMs: number;
      candidatesConsidered: number;
      precision: number;
      matchIds: string[];
    }
  | { kind: "lost"; reused: boolean }
  | { kind: "failed"; message: string; tooManyRequests: boolean }
  | { kind: "failedResult"; message: string; reused: boolean };

class Tally {
  requests = 0;
  endToEnd: number[] = [];
  response: number[] = [];
  toFinished: number[] = [];
  delivery: number[] = [];
  computeMs: number[] = [];
  candidates: number[] = [];
  precision: number[] = [];
  lost = 0;
  failed = 0;
  tooManyRequests = 0;
  failedResults = 0;
  reused = 0;
  errors: Record<string, number> = {};

  get problems(): number {
    return this.lost + this.failed + this.failedResults;
  }

  private error(message: string): void {
    if (message in this.errors || Object.keys(this.errors).length < KEPT_ERRORS) {
      this.errors[message] = (this.errors[message] ?? 0) + 1;
    }
  }

  add(outcome: Outcome): void {
    this.requests++;
    if (outcome.kind === "failed") {
      this.failed++;
      if (outcome.tooManyRequests) this.tooManyRequests++;
      this.error(outcome.message);
      return;
    }
    if (outcome.kind === "ok" ? outcome.sent.reused : outcome.reused) this.reused++;
    if (outcome.kind === "lost") {
      this.lost++;
      this.error(`no result within ${RESULT_TIMEOUT_MS} ms`);
      return;
    }
    if (outcome.kind === "failedResult") {
      this.failedResults++;
      this.error(`result failed: ${outcome.message}`);
      return;
    }
    const { sent } = outcome;
    this.endToEnd.push(outcome.arrivedAt - sent.sentAt);
    this.response.push(sent.respondedAt - sent.sentAt);
    this.toFinished.push(outcome.finishedAt - sent.wallSentAt);
    this.delivery.push(outcome.wallArrivedAt - outcome.finishedAt);
    this.computeMs.push(outcome.computeMs);
    this.candidates.push(outcome.candidatesConsidered);
    this.precision.push(outcome.precision);
  }

  phase(work: Work | null): MatchPhase {
    const summary = (values: number[]) => (values.length > 0 ? summarize(values) : null);
    return {
      requests: this.requests,
      endToEnd: summary(this.endToEnd),
      response: summary(this.response),
      toFinished: summary(this.toFinished),
      delivery: summary(this.delivery),
      computeMs: summary(this.computeMs),
      candidatesConsidered: summary(this.candidates),
      lost: this.lost,
      failed: this.failed,
      tooManyRequests: this.tooManyRequests,
      failedResults: this.failedResults,
      reused: this.reused,
      errors: this.errors,
      workPerRequest: work && this.requests > 0 ? workPer(work, this.requests) : null,
    };
  }
}

/** Share of the top MATCH_K whose planted group is the requester's (missing slots count as misses). */
export function precisionAtK(matchIds: readonly string[], group: number, groupOf: ReadonlyMap<string, number>): number {
  const hits = matchIds.slice(0, MATCH_K).filter((id) => groupOf.get(id) === group).length;
  return hits / MATCH_K;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}

/** Samples the 1-minute load average every second while a phase runs. */
function loadSampler() {
  const samples: number[] = [];
  const atStart = os.loadavg();
  const timer = setInterval(() => samples.push(os.loadavg()[0] ?? 0), 1_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const all = [...samples, atStart[0] ?? 0];
      return { atStart, max1m: Math.max(...all), mean1m: mean(all) ?? 0, atEnd: os.loadavg() };
    },
  };
}

/**
 * Communities matching at scale, in distributed mode: `profiles` generated profiles in PostgreSQL, one Pulse server,
 * `workers` worker processes; requesters (signed up through the server, profiles copied from further members of the
 * same generated community) ask `match.request({})` and wait for the result on their open `match.onResult`
 * subscription. Its own redis-server and database, created here and removed before it returns.
 */
export async function runMatchScenario(options: BenchOptions, pgAdminUrl: string): Promise<MatchScenarioResult> {
  const profiles = options.matchProfiles;
  const groups = Math.max(1, Math.round(profiles / MEMBERS_PER_GROUP));
  const requesterCount = Math.max(options.matchConcurrency, LATENCY_REQUESTERS);
  const stops: Array<() => Promise<void>> = [];
  const requesters: MatchRequester[] = [];
  const closeAll = () => {
    for (const requester of requesters) requester.close();
  };
  let closeRequesters: () => Promise<void> | void = closeAll;
  try {
    const redis = await startRedisServer();
    stops.push(onCleanup("redis-server (match)", () => redis.stop()));
    const database = await createBenchDatabase(pgAdminUrl);
    stops.push(database.drop);
    const env: PulseEnvironment = { databaseUrl: database.url, redisUrl: redis.url };

    progress(`match: migrating ${database.name}, inserting ${profiles.toLocaleString("en")} generated profiles`);
    const seeded = await seedMatchCommunity({
      databaseUrl: database.url,
      seed: MATCH_SEED,
      profiles,
      groups,
      noise: MATCH_NOISE,
      requesters: requesterCount,
    });
    progress(
      `match: inserted in ${seeded.insertSeconds.toFixed(1)} s (migrations ${seeded.migrateSeconds.toFixed(1)} s)`,
    );

    const server: ServerProcess = await startPulseServer("pulse match server", env);
    stops.push(server.stop);

    progress(`match: signing up ${requesterCount} requesters with generated profiles`);
    const started = performance.now();
    const groupOf = seeded.groupOf;
    const accounts = await mapLimit(requesterCount, SIGNUP_CONCURRENCY, async (i) => {
      const member = seeded.requesterMembers[i];
      if (!member) throw new Error(`no generated member for requester ${i}`);
      const account = await signUp(server.url, `match_req_${i}`, i);
      const profile = storedProfile(member.profile);
      await createHttpClient(server.url, account.token).profile.upsert.mutate(profile);
      groupOf.set(account.id, member.group);
      return { account, group: member.group, profile: { userId: account.id, ...profile } };
    });
    const requesterSeconds = (performance.now() - started) / 1000;

    // Workers start once every profile is in: their first index holds them all and no refresh rebuild follows.
    progress(`match: starting ${options.matchWorkers} worker process(es)`);
    const workers: WorkerProcess[] = [];
    for (let i = 0; i < options.matchWorkers; i++) {
      const worker = await startPulseWorker(`pulse match worker ${i + 1}`, env, (build: IndexBuild) =>
        progress(`match: ${build.worker}: match index built (${build.profiles} profiles, ${build.ms} ms)`),
      );
      workers.push(worker);
      stops.push(worker.stop);
    }

    // Registered after the processes, so that Ctrl-C closes the clients before it stops the servers.
    closeRequesters = onCleanup("match requesters", closeAll);
    for (const { account, group } of accounts) {
      requesters.push(await MatchRequester.open(server.url, account, group));
    }
    const counters = await openWorkCounters(database.url, redis.url, {
      server: [server.pid],
      workers: workers.map((worker) => worker.pid),
    });
    stops.push(onCleanup("match work counters", () => counters.close()));

    const runOne = async (requester: MatchRequester, timeoutMs: number): Promise<Outcome> => {
      let sent: Awaited<ReturnType<MatchRequester["request"]>>;
      try {
        sent = await requester.request();
      } catch (error) {
        const message = errorMessage(error);
        return { kind: "failed", message, tooManyRequests: message.startsWith("TOO_MANY_REQUESTS") };
      }
      const arrival = await requester.waitFor(sent.taskId, timeoutMs);
      if (!arrival) return { kind: "lost", reused: sent.reused };
      if (arrival.status !== "completed" || !arrival.result) {
        return { kind: "failedResult", message: arrival.error ?? "no result", reused: sent.reused };
      }
      return {
        kind: "ok",
        sent,
        arrivedAt: arrival.at,
        wallArrivedAt: arrival.wallAt,
        finishedAt: arrival.finishedAt,
        computeMs: arrival.result.tookMs,
        candidatesConsidered: arrival.result.candidatesConsidered,
        precision: precisionAtK(arrival.result.matchIds, requester.group, groupOf),
        matchIds: arrival.result.matchIds,
      };
    };
    const firstResult = new Map<string, { precision: number; matchIds: string[] }>();
    const allPrecision: number[] = [];
    const score = (requester: MatchRequester, outcome: Outcome) => {
      if (outcome.kind !== "ok") return;
      allPrecision.push(outcome.precision);
      if (!firstResult.has(requester.account.id)) {
        firstResult.set(requester.account.id, { precision: outcome.precision, matchIds: outcome.matchIds });
      }
    };

    // Index warm-up: concurrent requests until every worker has built its index (the first request a worker takes
    // waits for that build).
    progress("match: warming up (every worker builds its index on its first request)");
    const latencyRequesters = requesters.slice(0, LATENCY_REQUESTERS);
    const warmupStarted = performance.now();
    let warmupRequests = 0;
    while (workers.some((worker) => worker.indexBuilds.length === 0)) {
      if (performance.now() - warmupStarted > INDEX_WARMUP_TIMEOUT_MS) {
        const waiting = workers.filter((worker) => worker.indexBuilds.length === 0).map((worker) => worker.label);
        throw new Error(`no "match index built" from ${waiting.join(", ")} within ${INDEX_WARMUP_TIMEOUT_MS} ms`);
      }
      const outcomes = await Promise.all(
        latencyRequesters.map(async (requester) => {
          const outcome = await runOne(requester, INDEX_WARMUP_TIMEOUT_MS);
          score(requester, outcome);
          return outcome;
        }),
      );
      warmupRequests += outcomes.length;
      const bad = outcomes.filter((outcome) => outcome.kind !== "ok");
      if (bad.length === outcomes.length)
        throw new Error(`index warm-up: every request failed: ${JSON.stringify(bad[0])}`);
    }
    const indexWarmupSeconds = (performance.now() - warmupStarted) / 1000;
    const buildsAfterWarmup = workers.reduce((sum, worker) => sum + worker.indexBuilds.length, 0);

    const takeSequential = async (count: number, tally: Tally | undefined, label: string) => {
      for (let i = 0; i < count; i++) {
        const requester = latencyRequesters[i % latencyRequesters.length] as MatchRequester;
        const outcome = await runOne(requester, RESULT_TIMEOUT_MS);
        score(requester, outcome);
        tally?.add(outcome);
        if (tally && tally.problems >= GIVE_UP_AFTER) {
          progress(`match: ${label}: giving up after ${tally.lost} lost, ${tally.failed} failed`);
          return;
        }
        if (options.gapMs > 0) await sleep(options.gapMs);
      }
    };
    await takeSequential(options.matchWarmup, undefined, "warm-up");

    // Each phase boundary pauses PG_STATS_SETTLE_MS (PostgreSQL publishes its counts late), requesting nothing.
    progress(`match: idle ${(IDLE_PROBE_MS + 2 * PG_STATS_SETTLE_MS) / 1000} s (background work; statistics settle)`);
    const afterWarmup = await counters.boundary();
    await sleep(IDLE_PROBE_MS);
    const workAtStart = await counters.boundary();
    const background = idleRate(afterWarmup, workAtStart);
    const load = loadSampler();
    progress(`match: latency, ${options.matchSamples} sequential samples over ${latencyRequesters.length} requesters`);
    const latencyTally = new Tally();
    await takeSequential(options.matchSamples, latencyTally, "latency");
    const workAfterLatency = await counters.boundary();

    progress(
      `match: throughput, ${options.matchConcurrency} requesters in a closed loop for ${options.matchSeconds} s`,
    );
    const throughputTally = new Tally();
    let inWindow = 0;
    const windowStart = performance.now();
    const deadline = windowStart + options.matchSeconds * 1000;
    await Promise.all(
      requesters.slice(0, options.matchConcurrency).map(async (requester) => {
        while (performance.now() < deadline && throughputTally.problems < GIVE_UP_AFTER) {
          const outcome = await runOne(requester, RESULT_TIMEOUT_MS);
          score(requester, outcome);
          throughputTally.add(outcome);
          if (outcome.kind === "ok" && outcome.arrivedAt <= deadline) inWindow++;
          // A failing request (e.g. TOO_MANY_REQUESTS) must not turn into a hot loop.
          if (outcome.kind === "failed") await sleep(200);
        }
      }),
    );
    const windowEnd = Math.min(performance.now(), deadline);
    const loadAverage = load.stop();
    const workAtEnd = await counters.boundary();
    if (throughputTally.problems >= GIVE_UP_AFTER) {
      progress(`match: throughput: gave up after ${throughputTally.lost} lost, ${throughputTally.failed} failed`);
    }
    const windowSeconds = (windowEnd - windowStart) / 1000;

    const memory = {
      serverRssBytes: await readRssBytes(server.pid),
      workerRssBytes: await Promise.all(workers.map((worker) => readRssBytes(worker.pid))),
    };
    const builds = workers.flatMap((worker) =>
      worker.indexBuilds.map((build) => ({
        worker: build.worker,
        profiles: build.profiles,
        ms: build.ms,
        afterWorkerStartMs: Math.round(build.at - worker.startedAt),
        line: build.line,
      })),
    );
    const precisions = [...firstResult.values()].map((first) => first.precision);

    progress("match: in-process reference (the matcher library on the same profiles, in the bench process)");
    let reference: ReferenceResult | null = null;
    try {
      reference = inProcessReference(
        { seed: MATCH_SEED, profiles, groups, noise: MATCH_NOISE },
        accounts.map(({ account, group, profile }) => ({
          userId: account.id,
          group,
          profile,
          pulseMatchIds: firstResult.get(account.id)?.matchIds,
        })),
        groupOf,
        MATCH_K,
      );
    } catch (error) {
      progress(`match: in-process reference failed: ${errorMessage(error)}`);
    }
    return {
      profiles,
      groups,
      noise: MATCH_NOISE,
      seed: MATCH_SEED,
      database: database.name,
      setup: {
        migrateSeconds: seeded.migrateSeconds,
        insertSeconds: seeded.insertSeconds,
        profilesPerSecond: profiles / seeded.insertSeconds,
        requesterSeconds,
      },
      servers: 1,
      workers: workers.length,
      workerConcurrency: workers.map((worker) => worker.concurrency),
      requesters: requesters.length,
      indexBuilds: builds,
      indexRebuildsWhileMeasuring: builds.length - buildsAfterWarmup,
      indexWarmup: { requests: warmupRequests, seconds: indexWarmupSeconds },
      memory,
      latency: {
        ...latencyTally.phase(workBetween(workAtStart, workAfterLatency)),
        samples: options.matchSamples,
        warmup: options.matchWarmup,
        gapMs: options.gapMs,
        requesters: latencyRequesters.length,
      },
      throughput: {
        ...throughputTally.phase(workBetween(workAfterLatency, workAtEnd)),
        concurrency: Math.min(options.matchConcurrency, requesters.length),
        seconds: windowSeconds,
        results: inWindow,
        resultsPerSecond: windowSeconds > 0 ? inWindow / windowSeconds : 0,
      },
      quality: {
        k: MATCH_K,
        precisionAtK: mean(precisions),
        requestersScored: precisions.length,
        precisionAtKAllResults: mean(allPrecision),
        resultsScored: allPrecision.length,
        inProcess: reference,
      },
      loadAverage,
      backgroundPerSecond: background,
      unclaimedResults: requesters.reduce((sum, requester) => sum + requester.unclaimed, 0),
      streamResets: requesters.reduce((sum, requester) => sum + requester.resets, 0),
    };
  } finally {
    await closeRequesters();
    await sleep(200);
    // Workers, server, database, redis-server: newest first.
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => progress(`match: cleanup: ${errorMessage(error)}`));
    }
  }
}
