import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadTestEnv } from "@pulse/config";
import { startRedisServer } from "@pulse/realtime/testing";
import { type BenchOptions, parseOptions, SCALE_SCENARIOS, SOCIAL_SCENARIOS } from "./options";
import { type Community, createCommunity } from "./pulse/community";
import { instanceLabel, type PulseEnvironment, startPulseServer } from "./pulse/server";
import { openThreeSubscriptions } from "./pulse/three-subscriptions";
import { type BenchResults, idleCostRatios, type RouteRatios, resultsJson } from "./report/results";
import { renderTable } from "./report/table";
import { checkTargets } from "./report/targets";
import { runScaleScenarios, type ScaleResults } from "./scale/run";
import { type BurstResult, runEngagementBurst } from "./scenarios/burst";
import { type IdleCostResult, type IdleCostSetup, runIdleCost } from "./scenarios/idle-cost";
import { type LatencyResult, type Route, runLatencyRoute } from "./scenarios/latency";
import { type MatchScenarioResult, runMatchScenario } from "./scenarios/match";
import { runTrendingScenario, type TrendingScenarioResult } from "./scenarios/trending";
import { createPulseStack, openNotificationClient } from "./stacks/pulse";
import { createRawWsStack } from "./stacks/raw-ws";
import { createSocketIoStack } from "./stacks/socketio";
import type { Stack, StackName } from "./stacks/stack";
import { serverHistory } from "./util/child";
import { installSignalHandlers, onCleanup, runCleanup } from "./util/cleanup";
import { createBenchDatabase } from "./util/database";
import { formatJson } from "./util/format-json";
import { errorMessage, progress } from "./util/log";
import { describeMachine } from "./util/machine";
import { benchRoot } from "./util/paths";
import { ratios } from "./util/stats";

const CAVEATS = [
  "All processes (load generator, 2 servers per stack, redis-server, PostgreSQL) share this machine's 2 cores: " +
    "numbers include CPU contention and are comparable only within one run.",
  "Pulse's sample includes an authenticated HTTP tRPC mutation and a PostgreSQL transaction (tweet, MENTION " +
    "notification, per-user sequence) committed before the PUBLISH; the peers do no authentication and no database.",
  "Single instance: Pulse and raw ws deliver through a Redis round trip even to local sockets; Socket.IO's adapter " +
    "emits to local sockets directly and only publishes for other instances.",
  "Idle clients hold one subscription to their own user's notifications (Pulse: authenticated notification.onNew; " +
    "peers: the user's room/channel). bob, star and the drivers sign up through auth.signup (distinct loopback " +
    "source addresses); idle users and likers are inserted directly (users + sessions rows, no scrypt hash).",
  "Idle cost: VmRSS delta ÷ N (median of 5 readings after a forced GC) includes V8 page and allocator slack and " +
    "moves in steps; heap+external delta ÷ N after a forced full GC (read through Node's inspector, started with " +
    "--inspect=127.0.0.1:0 for this scenario only) counts the live objects a connection keeps.",
];

const SCALE_CAVEATS = [
  "Connect, throughput, fan-out: Pulse accounts (users + sessions, follows) are inserted directly into PostgreSQL " +
    "(password hash '-', session token hashes as auth.signup writes them), not signed up through scrypt; the " +
    "servers see the same rows.",
  "Throughput is open loop: sends follow a fixed schedule whatever the answers; a step counts as sustained only with " +
    "every event on every socket of its recipient within 5 s, no error and p99 ≤ 100 ms, at the offered rate.",
  "Pulse runs one worker process in the scale scenarios (feed fan-out, outbox sweeps): its CPU is reported apart.",
];

const MATCH_CAVEATS = [
  "Match: its own redis-server and database; the generated users and profiles are inserted directly into " +
    "PostgreSQL before Pulse starts, the requesters sign up through the server and copy the profile of further " +
    "members of the same generated community (not inserted), so precision@10 is scored against planted groups.",
  "Match: end-to-end = match.request sent (HTTP) → the match.onResult frame for that taskId decoded by the " +
    "requester's client; toFinished / delivery split it at the worker's finishedAt (same machine clock, ms).",
  "Match: the server, the workers, redis-server, PostgreSQL and the load generator share the machine's cores; " +
    "sustained results/s is what this machine does with everything on it, not a worker's ceiling.",
];

function firstOf<T>(items: readonly T[]): T {
  const [first] = items;
  if (first === undefined) throw new Error("no server started");
  return first;
}

interface SocialResults {
  latency: LatencyResult[];
  routeRatios: RouteRatios[];
  idleCost: IdleCostResult[];
  engagementBurst: BurstResult | null;
  pulseDatabase: string;
  signupSeconds: number;
  stacks: Record<StackName, string>;
}

/** Latency, idle cost and burst: the three stacks, one Pulse database with a signed-up community. */
async function runSocialScenarios(
  options: BenchOptions,
  pgAdminUrl: string,
  failures: string[],
): Promise<SocialResults> {
  // Each stack gets its own redis-server, started here and stopped at cleanup.
  const redis = {
    pulse: await startRedisServer(),
    socketio: await startRedisServer(),
    raw: await startRedisServer(),
  };
  for (const [name, server] of Object.entries(redis)) onCleanup(`redis-server (${name})`, () => server.stop());
  const database = await createBenchDatabase(pgAdminUrl);
  const pulseEnv: PulseEnvironment = { databaseUrl: database.url, redisUrl: redis.pulse.url };

  progress("Pulse: signing up bob, star and the drivers through two instances, inserting idle users and likers");
  const setupServers = await Promise.all([0, 1].map((i) => startPulseServer(`${instanceLabel(i)} (setup)`, pulseEnv)));
  let community: Community;
  try {
    community = await createCommunity(
      setupServers.map((server) => server.url),
      options,
      database.url,
    );
  } finally {
    await Promise.all(setupServers.map((server) => server.stop()));
  }
  progress(`Pulse: ${community.idle.length} idle users, ${community.likers.length} likers signed up`);

  const stacks: Stack[] = [
    createRawWsStack({ redisUrl: redis.raw.url, drivers: options.drivers }),
    createSocketIoStack({ redisUrl: redis.socketio.url, drivers: options.drivers }),
    createPulseStack({ env: pulseEnv, community }),
  ];
  const [raw, socketio, pulse] = stacks as [Stack, Stack, Stack];

  const latency: LatencyResult[] = [];
  const routeRatios: RouteRatios[] = [];
  if (options.scenarios.includes("latency")) {
    for (const route of ["single", "cross"] satisfies Route[]) {
      const outcome = await runLatencyRoute(stacks, route, options);
      latency.push(...outcome.results);
      failures.push(...outcome.failures);
      const of = (name: Stack["name"]) => latency.find((r) => r.route === route && r.stack === name)?.latency;
      const pulseLatency = of("pulse");
      const socketioLatency = of("socketio");
      const rawLatency = of("raw");
      routeRatios.push({
        route,
        pulseOverSocketIo: pulseLatency && socketioLatency ? ratios(pulseLatency, socketioLatency) : null,
        pulseOverRaw: pulseLatency && rawLatency ? ratios(pulseLatency, rawLatency) : null,
      });
    }
  }

  const idleCost: IdleCostResult[] = [];
  if (options.scenarios.includes("idle")) {
    const n = options.idleCostConnections;
    const perUser = options.connectionsPerUser;
    const setups: IdleCostSetup[] = [
      {
        label: "Pulse",
        holds: `authenticated WebSocket with notification.onNew + onUnreadCount + engagement.onUpdate (${Math.ceil(n / perUser)} users × ${perUser})`,
        connections: n,
        start: async () => firstOf(await pulse.start(1, { inspect: true })),
        open: (server, i) => {
          const account = community.idle[Math.floor(i / perUser) % community.idle.length];
          if (!account) throw new Error("no idle accounts");
          return openThreeSubscriptions(server, account, community.subjectTweetId);
        },
        stop: (server) => pulse.stopServers([server]),
      },
      {
        label: "Pulse, onNew only",
        holds: "authenticated WebSocket with notification.onNew only (what a latency idle client holds)",
        connections: n,
        start: async () => firstOf(await pulse.start(1, { inspect: true })),
        open: async (server, i) => {
          const account = community.idle[Math.floor(i / perUser) % community.idle.length];
          if (!account) throw new Error("no idle accounts");
          const client = await openNotificationClient(server, account);
          return { connectMs: client.connectMs, readyMs: client.connectMs, close: client.close };
        },
        stop: (server) => pulse.stopServers([server]),
      },
      ...[socketio, raw].map(
        (stack): IdleCostSetup => ({
          label: stack === socketio ? "Socket.IO" : "raw ws",
          holds: "WebSocket in its user's room/channel (1 subscription, no auth)",
          connections: n,
          start: async () => firstOf(await stack.start(1, { inspect: true })),
          open: async (server, i) => {
            const client = await stack.openIdle(server, Math.floor(i / perUser));
            return { connectMs: client.connectMs, readyMs: client.connectMs, close: client.close };
          },
          stop: (server) => stack.stopServers([server]),
        }),
      ),
    ];
    for (const setup of setups) {
      try {
        idleCost.push(await runIdleCost(setup));
      } catch (error) {
        failures.push(`idle cost ${setup.label}: ${errorMessage(error)}`);
        progress(`FAILED idle cost ${setup.label}: ${errorMessage(error)}`);
      }
    }
  }

  let engagementBurst: BurstResult | null = null;
  if (options.scenarios.includes("burst")) {
    try {
      engagementBurst = await runEngagementBurst(pulse, community);
    } catch (error) {
      failures.push(`engagement burst: ${errorMessage(error)}`);
      progress(`FAILED engagement burst: ${errorMessage(error)}`);
    }
  }

  return {
    latency,
    routeRatios,
    idleCost,
    engagementBurst,
    pulseDatabase: database.name,
    signupSeconds: community.signupMs / 1000,
    stacks: { pulse: pulse.description, socketio: socketio.description, raw: raw.description },
  };
}

async function main(): Promise<void> {
  installSignalHandlers();
  const options = parseOptions(process.argv.slice(2));
  const startedAt = performance.now();
  const failures: string[] = [];
  const pgAdminUrl = loadTestEnv().TEST_PG_ADMIN_URL;
  progress(`mode ${options.mode}; scenarios ${options.scenarios.join(", ")}`);
  const machine = await describeMachine(pgAdminUrl);

  const social = options.scenarios.some((name) => SOCIAL_SCENARIOS.includes(name))
    ? await runSocialScenarios(options, pgAdminUrl, failures)
    : null;

  let scale: ScaleResults | null = null;
  if (options.scenarios.some((name) => SCALE_SCENARIOS.includes(name))) {
    try {
      scale = await runScaleScenarios(options, pgAdminUrl, failures);
    } catch (error) {
      failures.push(`scale scenarios: ${errorMessage(error)}`);
      progress(`FAILED scale scenarios: ${errorMessage(error)}`);
    }
  }

  let trending: TrendingScenarioResult | null = null;
  if (options.scenarios.includes("trending")) {
    try {
      trending = await runTrendingScenario({ pgAdminUrl, tweets: options.trendingTweets });
    } catch (error) {
      failures.push(`trending: ${errorMessage(error)}`);
      progress(`FAILED trending: ${errorMessage(error)}`);
    }
  }

  let match: MatchScenarioResult | null = null;
  if (options.scenarios.includes("match")) {
    try {
      match = await runMatchScenario(options, pgAdminUrl);
    } catch (error) {
      failures.push(`match: ${errorMessage(error)}`);
      progress(`FAILED match: ${errorMessage(error)}`);
    }
  }

  const { out, mode, ...parameters } = options;
  const idleCost = { results: social?.idleCost ?? [], ratios: idleCostRatios(social?.idleCost ?? []) };
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode,
    durationSeconds: (performance.now() - startedAt) / 1000,
    machine,
    loadAverageAtEnd: os.loadavg(),
    parameters: {
      ...parameters,
      pulseDatabase: social?.pulseDatabase ?? null,
      signupSeconds: social?.signupSeconds ?? null,
      stacks: social?.stacks ?? null,
    },
    notificationLatency: { results: social?.latency ?? [], ratios: social?.routeRatios ?? [] },
    idleCost,
    engagementBurst: social?.engagementBurst ?? null,
    scale,
    trending,
    match,
    targets: checkTargets({ idleCost, scale, trending }),
    serverProblems: serverHistory().map((entry) => ({ server: entry.label, ...entry.problems })),
    failures,
    caveats: [...(social ? CAVEATS : []), ...(scale ? SCALE_CAVEATS : []), ...(match ? MATCH_CAVEATS : [])],
  };
  const outFile = resolve(benchRoot, out);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, resultsJson(results));
  await formatJson(outFile);
  process.stdout.write(`${renderTable(results)}\n\nJSON: ${outFile}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    progress("stopping every process the bench started");
    await runCleanup();
    // Client libraries keep timers (keep-alive pings); everything that matters is closed.
    process.exit();
  });
