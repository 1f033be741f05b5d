import { performance } from "node:perf_hooks";
import type { BenchOptions } from "../options";
import type { OpenClient, Stack, StackName } from "../stacks/stack";
import { ArrivalBook } from "../util/arrivals";
import type { ServerProcess } from "../util/child";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";
import { readCpuMs } from "../util/proc";
import { type Summary, summarize } from "../util/stats";

/** single: one instance serves driver, target and idle clients. cross: driver → A, bob on B, idle split A/B. */
export type Route = "single" | "cross";

export interface LatencyResult {
  stack: StackName;
  route: Route;
  /** Mutation sent → the last of bob's K sockets has the event. */
  latency: Summary | null;
  /** Mutation sent → its HTTP response (for context; the event may arrive before it). */
  response: Summary | null;
  /** Idle clients: connect → first subscription acknowledged. */
  idleConnect: Summary | null;
  idleClients: number;
  targets: number;
  warmup: number;
  /** Samples whose event did not reach every target within SAMPLE_TIMEOUT_MS. */
  lost: number;
  /** Samples whose mutation failed (error message in `errors`). */
  failed: number;
  errors: string[];
  /** CPU per measured sample: the stack's server processes together, and the load generator during the sample. */
  serverCpuMsPerSample: number;
  loadGeneratorCpuMsPerSample: number;
}

const CONNECT_CONCURRENCY = 50;
const SAMPLE_TIMEOUT_MS = 5_000;
const PRIME_ATTEMPTS = 20;
const PRIME_TIMEOUT_MS = 2_000;
/** A stack that loses or fails this many samples stops sampling (and says so) rather than timing out for minutes. */
const GIVE_UP_AFTER = 20;
const KEPT_ERRORS = 5;

/** One stack's servers, clients and tallies while a route runs. */
interface Run {
  stack: Stack;
  servers: ServerProcess[];
  driverServer: ServerProcess;
  clients: OpenClient[];
  book: ArrivalBook;
  sample: number;
  idleConnectMs: number[];
  latencies: number[];
  responses: number[];
  lost: number;
  failed: number;
  errors: Set<string>;
  cpuBefore: number;
  loadGeneratorCpuMs: number;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function serversCpuMs(servers: readonly ServerProcess[]): Promise<number> {
  return (await Promise.all(servers.map((server) => readCpuMs(server.pid)))).reduce((sum, ms) => sum + ms, 0);
}

async function openClients(run: Run, route: Route, options: BenchOptions): Promise<void> {
  const { stack, servers } = run;
  const [a, b] = servers as [ServerProcess, ServerProcess | undefined];
  const targetServer = route === "single" ? a : (b ?? a);
  progress(`${stack.name} ${route}: opening ${options.idleClients} idle clients`);
  run.idleConnectMs = await mapLimit(options.idleClients, CONNECT_CONCURRENCY, async (i) => {
    const server = route === "single" || i % 2 === 0 ? a : targetServer;
    const client = await stack.openIdle(server, Math.floor(i / options.connectionsPerUser));
    run.clients.push(client);
    return client.connectMs;
  });
  for (let k = 0; k < options.targets; k++) {
    run.clients.push(await stack.openTarget(targetServer, (key) => run.book.record(key)));
  }
  // The target's subscription is live once one event got through (a subscription ack may precede its listener).
  for (let attempt = 0; attempt < PRIME_ATTEMPTS; attempt++) {
    const key = await stack.trigger(run.driverServer, run.sample++);
    if ((await run.book.waitFor(key, options.targets, PRIME_TIMEOUT_MS)) !== undefined) return;
  }
  throw new Error(`${stack.name} ${route}: bob received no event in ${PRIME_ATTEMPTS} attempts`);
}

/** One sample: mutation through A, wait until every target socket has the event. */
async function takeSample(run: Run, options: BenchOptions, measured: boolean): Promise<void> {
  const cpuAtStart = ownCpuMs();
  const sentAt = performance.now();
  let key: string;
  try {
    key = await run.stack.trigger(run.driverServer, run.sample++);
  } catch (error) {
    if (measured) run.failed++;
    if (run.errors.size < KEPT_ERRORS) run.errors.add(errorMessage(error));
    return;
  }
  const respondedAt = performance.now();
  const arrivals = await run.book.waitFor(key, options.targets, SAMPLE_TIMEOUT_MS);
  if (measured) run.loadGeneratorCpuMs += ownCpuMs() - cpuAtStart;
  if (!arrivals) {
    if (measured) run.lost++;
    return;
  }
  if (measured) {
    run.latencies.push(Math.max(...arrivals) - sentAt);
    run.responses.push(respondedAt - sentAt);
  }
}

function resultOf(run: Run, route: Route, options: BenchOptions, cpuAfter: number): LatencyResult {
  const measuredCount = Math.max(1, run.latencies.length + run.lost + run.failed);
  if (run.lost + run.failed >= GIVE_UP_AFTER) run.errors.add(`gave up after ${run.lost} lost, ${run.failed} failed`);
  return {
    stack: run.stack.name,
    route,
    latency: run.latencies.length ? summarize(run.latencies) : null,
    response: run.responses.length ? summarize(run.responses) : null,
    idleConnect: run.idleConnectMs.length ? summarize(run.idleConnectMs) : null,
    idleClients: options.idleClients,
    targets: options.targets,
    warmup: options.warmup,
    lost: run.lost,
    failed: run.failed,
    errors: [...run.errors],
    serverCpuMsPerSample: (cpuAfter - run.cpuBefore) / measuredCount,
    loadGeneratorCpuMsPerSample: run.loadGeneratorCpuMs / measuredCount,
  };
}

/**
 * Every stack's servers and clients are up at once, and the samples are interleaved — sample n of each stack in a
 * rotating order, one sample in flight at a time — so that whatever else the machine does hits all stacks alike.
 * A stack that fails to come up is reported in `failures` and the others still run.
 */
export async function runLatencyRoute(
  stacks: readonly Stack[],
  route: Route,
  options: BenchOptions,
): Promise<{ results: LatencyResult[]; failures: string[] }> {
  const runs: Run[] = [];
  const failures: string[] = [];
  try {
    for (const stack of stacks) {
      let servers: ServerProcess[] = [];
      try {
        servers = await stack.start(route === "single" ? 1 : 2);
        const run: Run = {
          stack,
          servers,
          driverServer: servers[0] as ServerProcess,
          clients: [],
          book: new ArrivalBook(),
          sample: 0,
          idleConnectMs: [],
          latencies: [],
          responses: [],
          lost: 0,
          failed: 0,
          errors: new Set(),
          cpuBefore: 0,
          loadGeneratorCpuMs: 0,
        };
        runs.push(run);
        await openClients(run, route, options);
      } catch (error) {
        failures.push(`latency ${stack.name} ${route}: ${errorMessage(error)}`);
        progress(`FAILED latency ${stack.name} ${route}: ${errorMessage(error)}`);
        const index = runs.findIndex((run) => run.stack === stack);
        const opened = index >= 0 ? (runs[index]?.clients ?? []) : [];
        if (index >= 0) runs.splice(index, 1);
        await Promise.allSettled(opened.map(async (client) => client.close()));
        if (servers.length) await stack.stopServers(servers).catch(() => {});
      }
    }
    progress(
      `${route}: ${options.warmup} warm-up + ${options.samples} samples per stack, interleaved (${runs.map((run) => run.stack.name).join(", ")})`,
    );
    for (let n = 0; n < options.warmup + options.samples; n++) {
      if (n === options.warmup) {
        for (const run of runs) run.cpuBefore = await serversCpuMs(run.servers);
      }
      for (let i = 0; i < runs.length; i++) {
        const run = runs[(n + i) % runs.length] as Run;
        if (run.lost + run.failed >= GIVE_UP_AFTER) continue;
        await takeSample(run, options, n >= options.warmup);
        if (options.gapMs > 0) await sleep(options.gapMs);
      }
    }
    const results: LatencyResult[] = [];
    for (const run of runs) {
      run.book.sweep();
      results.push(resultOf(run, route, options, await serversCpuMs(run.servers)));
    }
    return { results, failures };
  } finally {
    await Promise.allSettled(runs.flatMap((run) => run.clients.map(async (client) => client.close())));
    // Let the servers see the closes before they are stopped (no reconnect attempts, no shutdown races).
    await sleep(300);
    await Promise.allSettled(runs.map((run) => run.stack.stopServers(run.servers)));
  }
}
