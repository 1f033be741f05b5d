import { performance } from "node:perf_hooks";
import { createDatabase } from "@pulse/db";
import { startRedisServer } from "@pulse/realtime/testing";
import type { BenchOptions } from "../options";
import type { Account } from "../pulse/accounts";
import { connectDatabase, insertAccounts, insertFollows } from "../pulse/direct-accounts";
import { BENCH_WIDE_SETTINGS, instanceLabel, type PulseEnvironment, startPulseServer } from "../pulse/server";
import { startPulseWorker } from "../pulse/worker";
import { type ConnectResult, connectVariants, runConnect } from "../scenarios/connect";
import { type FanoutResult, runFanout } from "../scenarios/fanout";
import { runThroughput, type ThroughputResult } from "../scenarios/throughput";
import { createRawWsStack } from "../stacks/raw-ws";
import { createSocketIoStack } from "../stacks/socketio";
import { createPoster } from "../throughput/http-poster";
import type { ServerProcess } from "../util/child";
import { onCleanup } from "../util/cleanup";
import { createBenchDatabase } from "../util/database";
import { errorMessage, progress } from "../util/log";
import { peerScaleStack, pulseScaleStack, type ScaleStack } from "./stacks";

export interface ScaleResults {
  database: string;
  /** Pulse settings this bench changed from their defaults for the scale scenarios (also in the table). */
  raisedSettings: Record<string, string>;
  /** Users + sessions (+ follows) inserted directly, and how long that took. */
  insertedAccounts: number;
  insertSeconds: number;
  connect: ConnectResult | null;
  throughput: ThroughputResult | null;
  fanout: FanoutResult | null;
}

/**
 * The budget of each driver would be 600 mutations a minute (MUTATIONS_PER_USER_PER_MINUTE): at 2 000/s over 100
 * drivers that is exceeded in half a minute. The limiter stays on (one Redis call per mutation, as in production);
 * only its budget is raised so that it never rejects a bench mutation.
 */
const RAISED_MUTATIONS_PER_MINUTE = "1000000";

function pair(servers: ServerProcess[]): readonly [ServerProcess, ServerProcess] {
  const [a, b] = servers;
  if (!a || !b) throw new Error("expected two server instances");
  return [a, b];
}

/**
 * Connect, throughput and fan-out: one database with accounts inserted directly (users + sessions, follows), one
 * redis-server per stack, two instances per stack started once (Pulse also one worker process), the scenarios in
 * that order. Everything is registered for cleanup and removed before this returns.
 */
export async function runScaleScenarios(
  options: BenchOptions,
  pgAdminUrl: string,
  failures: string[],
): Promise<ScaleResults> {
  const wants = (name: "connect" | "throughput" | "fanout") => options.scenarios.includes(name);
  const stops: Array<() => Promise<void>> = [];
  try {
    const redis = {
      pulse: await startRedisServer(),
      socketio: await startRedisServer(),
      raw: await startRedisServer(),
    };
    for (const [name, server] of Object.entries(redis))
      stops.push(onCleanup(`redis-server (scale ${name})`, () => server.stop()));
    const database = await createBenchDatabase(pgAdminUrl);
    stops.push(database.drop);

    progress(`scale: migrating ${database.name} and inserting accounts`);
    const handle = createDatabase({ driver: "postgres", url: database.url, poolSize: 1 });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    const per = options.socketsPerRecipient;
    const recipientCount = Math.ceil(
      Math.max(
        wants("throughput") ? options.throughputSockets : 0,
        wants("connect") ? Math.max(...options.connectSizes) : 0,
      ) / per,
    );
    const insertStarted = performance.now();
    const db = await connectDatabase(database.url);
    let recipients: Account[];
    let drivers: Account[];
    let star: Account | undefined;
    let followers: Account[] = [];
    try {
      recipients = await insertAccounts(db, "tp_", recipientCount);
      drivers = await insertAccounts(db, "tpd_", Math.max(1, options.throughputDrivers));
      if (wants("fanout")) {
        [star] = await insertAccounts(db, "fan_star", 1);
        followers = await insertAccounts(db, "fan_", options.fanoutFollowers);
        if (star) await insertFollows(db, star, followers);
      }
      await db.query("analyze");
    } finally {
      await db.end();
    }
    const insertedAccounts = recipients.length + drivers.length + followers.length + (star ? 1 : 0);
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    progress(`scale: ${insertedAccounts} accounts inserted in ${insertSeconds.toFixed(1)} s`);

    const raisedSettings: Record<string, string> = {
      ...BENCH_WIDE_SETTINGS,
      ...(wants("throughput") ? { MUTATIONS_PER_USER_PER_MINUTE: RAISED_MUTATIONS_PER_MINUTE } : {}),
    };
    const env: PulseEnvironment = { databaseUrl: database.url, redisUrl: redis.pulse.url, overrides: raisedSettings };
    progress("scale: starting two instances per stack and Pulse's worker");
    // All at once: each start is mostly tsx compiling and waiting for connections.
    const [pulseStarted, worker, socketioServers, rawServers] = await Promise.all([
      Promise.all([0, 1].map((i) => startPulseServer(`${instanceLabel(i)} (scale)`, env))),
      startPulseWorker("pulse worker (scale)", env),
      createSocketIoStack({ redisUrl: redis.socketio.url, drivers: 1 }).start(2),
      createRawWsStack({ redisUrl: redis.raw.url, drivers: 1 }).start(2),
    ]);
    const pulseServers = pair(pulseStarted);
    const stacks: ScaleStack[] = [
      pulseScaleStack({ servers: pulseServers, workers: [worker], redisUrl: redis.pulse.url, recipients, drivers }),
      peerScaleStack({ name: "socketio", servers: pair(socketioServers), redisUrl: redis.socketio.url }),
      peerScaleStack({ name: "raw", servers: pair(rawServers), redisUrl: redis.raw.url }),
    ];

    const results: ScaleResults = {
      database: database.name,
      raisedSettings,
      insertedAccounts,
      insertSeconds,
      connect: null,
      throughput: null,
      fanout: null,
    };
    if (wants("connect")) {
      try {
        // engagement.onUpdate of the three-subscription clients watches this tweet.
        const poster = createPoster(1);
        const tweetId = await stacks[0]?.notify(poster, pulseServers[0], 0, 0);
        poster.close();
        if (!tweetId) throw new Error("no tweet to watch");
        const variants = connectVariants(stacks, recipients, per, tweetId);
        results.connect = await runConnect(stacks, variants, options.connectSizes, per);
      } catch (error) {
        failures.push(`connect: ${errorMessage(error)}`);
        progress(`FAILED connect: ${errorMessage(error)}`);
      }
    }
    if (wants("throughput")) {
      try {
        results.throughput = await runThroughput(stacks, {
          rates: options.rates,
          stepSeconds: options.stepSeconds,
          warmupSeconds: options.stepWarmupSeconds,
          sockets: options.throughputSockets,
          socketsPerRecipient: per,
        });
        for (const stack of results.throughput.stacks) {
          if (stack.setupError) failures.push(`throughput ${stack.stack}: ${stack.setupError}`);
        }
      } catch (error) {
        failures.push(`throughput: ${errorMessage(error)}`);
        progress(`FAILED throughput: ${errorMessage(error)}`);
      }
    }
    if (wants("fanout") && star) {
      try {
        results.fanout = await runFanout(stacks, star, followers, options.fanoutPosts);
        for (const stack of results.fanout.stacks) {
          if (stack.error) failures.push(`fan-out ${stack.stack}: ${stack.error}`);
        }
      } catch (error) {
        failures.push(`fan-out: ${errorMessage(error)}`);
        progress(`FAILED fan-out: ${errorMessage(error)}`);
      }
    }
    const servers = [...pulseServers, worker, ...stacks.slice(1).flatMap((stack) => stack.servers)];
    await Promise.allSettled(servers.map((server) => server.stop()));
    return results;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}
