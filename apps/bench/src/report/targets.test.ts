import { describe, expect, it } from "vitest";
import type { ConnectMeasure } from "../scenarios/connect";
import type { FanoutStackResult } from "../scenarios/fanout";
import type { IdleCostResult } from "../scenarios/idle-cost";
import type { ThroughputResult, ThroughputStackResult } from "../scenarios/throughput";
import type { TrendingPhase } from "../scenarios/trending";
import type { StackName } from "../stacks/stack";
import type { StepResult } from "../throughput/step-summary";
import type { Verdict } from "../throughput/verdict";
import type { Summary } from "../util/stats";
import { checkTargets, commonRates, issueTableRows, type TargetCheck } from "./targets";

const summary = (p50: number, p99 = p50, max = p99): Summary => ({
  samples: 10,
  min: p50,
  mean: p50,
  p50,
  p90: p99,
  p99,
  max,
});

function step(rate: number, cpu: number, overrides: Partial<StepResult> = {}): StepResult {
  return {
    rate,
    durationMs: 10_000,
    sent: rate * 10,
    achievedRate: rate,
    generatorLagP99Ms: 1,
    answered: rate * 10,
    answeredRate: rate,
    errors: 0,
    firstErrors: {},
    delivered: rate * 10,
    deliveredPercent: 100,
    duplicated: 0,
    latency: { samples: rate * 10, p50: 5, p95: 20, p99: 40, max: 60 },
    response: null,
    perEvent: { serverCpuMs: cpu, workerCpuMs: null, loadGeneratorCpuMs: 0.4, redisCommands: 1 },
    verdict: { kind: "sustained" },
    ...overrides,
  };
}

function ladder(stack: StackName, steps: StepResult[], sustainedRate: number | null): ThroughputStackResult {
  return { stack, steps, sustainedRate, stoppedBecause: null, connectedSockets: 5_000, setupError: null };
}

function throughput(stacks: ThroughputStackResult[]): ThroughputResult {
  return {
    settings: { rates: [200, 600, 1_000], stepSeconds: 10, warmupSeconds: 1, sockets: 5_000, socketsPerRecipient: 10 },
    recipients: 500,
    httpConnectionsPerServer: 64,
    stepOrder: "rotating",
    stacks,
  };
}

const missedStep: Verdict = { kind: "missed", reasons: ["p99 150 ms > 100 ms"], clearFail: false };

const pulseLadder = ladder(
  "pulse",
  [
    step(200, 3, { perEvent: { serverCpuMs: 3, workerCpuMs: 0.04, loadGeneratorCpuMs: 0.5, redisCommands: 4.1 } }),
    step(600, 1.8, { perEvent: { serverCpuMs: 1.8, workerCpuMs: 0.01, loadGeneratorCpuMs: 0.5, redisCommands: 4 } }),
    step(1_000, 1.2, { verdict: missedStep }),
  ],
  600,
);

function idleResult(label: string, heapBytesPerConnection: number): IdleCostResult {
  const reading = { rssBytes: 0, heapUsedBytes: 0, heapAndExternalBytes: 0 };
  return {
    label,
    holds: "",
    connections: 1_000,
    before: reading,
    after: reading,
    afterClose: reading,
    rssBytesPerConnection: 0,
    heapBytesPerConnection,
    connect: summary(3),
    ready: summary(3),
    openAllSeconds: 3,
    warmUpConnections: 50,
  };
}

function connectMeasure(stack: StackName, clients: number, p99: number, subscriptions = 1): ConnectMeasure {
  return {
    variant: stack,
    stack,
    subscriptions,
    holds: "",
    clients,
    ready: summary(p99 / 3, p99),
    state: null,
    openAllSeconds: 1,
    failed: 0,
    errors: [],
  };
}

function fanoutResult(stack: StackName, responseToLast: Array<number | null>, connected = 10_000): FanoutStackResult {
  return {
    stack,
    what: "",
    followers: 10_000,
    connected,
    connect: null,
    warmup: null,
    posts: responseToLast.map((time) => ({
      responseMs: 5,
      firstMs: 10,
      p50Ms: 100,
      lastMs: time,
      responseToLastMs: time,
      delivered: time === null ? connected - 1 : connected,
      error: null,
    })),
    sendToLast: summary(400),
    responseToLast: summary(900),
    followerP50: null,
    perPost: null,
    error: null,
  };
}

function trendingPhase(tweetsInWindow: number, p99: number): TrendingPhase {
  return {
    tweetsInWindow,
    tweetsInPreviousWindow: 0,
    engagements: 0,
    activityRows: 0,
    insertSeconds: 1,
    firstJobRunMs: 10,
    incremental: summary(p99 / 2, p99),
    fullScan: summary(3_000),
    sameTopics: true,
  };
}

function run(overrides: { pulse?: ThroughputStackResult; fanout?: FanoutStackResult[]; connectClients?: number } = {}) {
  const clients = overrides.connectClients ?? 5_000;
  return {
    idleCost: {
      results: [
        idleResult("Pulse", 40 * 1024),
        idleResult("Pulse, onNew only", 7 * 1024),
        idleResult("Socket.IO", 11 * 1024),
        idleResult("raw ws", 3 * 1024),
      ],
      ratios: [],
    },
    scale: {
      database: "pulse_bench_test",
      raisedSettings: {},
      insertedAccounts: 0,
      insertSeconds: 0,
      connect: {
        sizes: [1_000, clients],
        concurrency: 50,
        socketsPerUser: 10,
        measures: [
          connectMeasure("pulse", 1_000, 400),
          connectMeasure("socketio", 1_000, 100),
          connectMeasure("pulse", clients, 150),
          connectMeasure("pulse", clients, 900, 3),
          connectMeasure("socketio", clients, 75),
        ],
      },
      throughput: throughput([
        overrides.pulse ?? pulseLadder,
        ladder("socketio", [step(200, 1), step(600, 0.75), step(1_000, 0.6)], 1_000),
        ladder("raw", [step(200, 0.9), step(600, 0.5), step(1_000, 0.44)], 1_000),
      ]),
      fanout: {
        followers: 10_000,
        posts: 3,
        timeoutMs: 10_000,
        stacks: overrides.fanout ?? [fanoutResult("pulse", [800, 950, 990])],
      },
    },
    trending: {
      windowMs: 3_600_000,
      topicVocabulary: 2_000,
      phases: [trendingPhase(100, 1), trendingPhase(1_000_100, 3.1)],
      steadyJobRun: summary(40),
      steadyBatchTweets: 1_000,
    },
  };
}

const byTarget = (checks: TargetCheck[], start: string) => {
  const check = checks.find((candidate) => candidate.target.startsWith(start));
  if (!check) throw new Error(`no target starting with ${start}`);
  return check;
};

describe("commonRates", () => {
  it("is every rate both Pulse and Socket.IO ran, ascending", () => {
    expect(commonRates(throughput([pulseLadder, ladder("socketio", [step(600, 1), step(200, 1)], 600)]))).toEqual([
      200, 600,
    ]);
    expect(commonRates(throughput([pulseLadder]))).toEqual([]);
  });
});

describe("checkTargets", () => {
  it("judges every target from the figures of the run", () => {
    const checks = checkTargets(run());
    expect(checks.map((check) => check.verdict)).toEqual([
      "missed", // sustained 600/s < 1 000/s
      "missed", // 3×, 2.4× and 2× at 200, 600 and 1 000/s: the worst counts
      "met", // at most 4.1 Redis commands
      "missed", // 40 KiB > Socket.IO's 11 KiB
      "met", // 7 KiB ≤ 8 KiB
      "missed", // 150 ÷ 75 = 2× > 1.5× at 5 000 clients
      "met", // worst post 990 ms ≤ 1 000 ms
      "met", // p99 3.1 ms at 1 000 100 tweets
      "met", // nothing duplicated
    ]);
    expect(checks.every((check) => !check.smallerThanTarget)).toBe(true);
    expect(byTarget(checks, "server CPU").measured).toBe(
      "Pulse ÷ Socket.IO 3.00× at 200/s, 2.40× at 600/s, 2.00× at 1000/s",
    );
    expect(byTarget(checks, "Redis commands").measured).toBe("4.1 at 200/s, 4.0 at 600/s, 1.0 at 1000/s");
    expect(byTarget(checks, "connect").measured).toBe("150 vs 75.0 ms at 5000 clients (2.00×)");
  });

  it("a lost follower, a slow post or a duplicated event is missed; a smaller run says so", () => {
    const duplicated = ladder("pulse", [step(200, 3, { duplicated: 2 }), step(600, 2)], 200);
    const checks = checkTargets(
      run({
        pulse: duplicated,
        fanout: [fanoutResult("pulse", [800, null], 1_000)],
        connectClients: 2_000,
      }),
    );
    expect(byTarget(checks, "feed fan-out")).toMatchObject({ verdict: "missed", smallerThanTarget: true });
    expect(byTarget(checks, "feed fan-out").measured).toMatch(/^not every follower got every post/);
    expect(byTarget(checks, "connect")).toMatchObject({ smallerThanTarget: true });
    expect(byTarget(checks, "nothing duplicated")).toMatchObject({
      verdict: "missed",
      measured: "2 of 8000 events decoded twice by some socket, over 2 steps",
    });
    const slow = checkTargets(run({ fanout: [fanoutResult("pulse", [800, 1_001])] }));
    expect(byTarget(slow, "feed fan-out").verdict).toBe("missed");
  });

  it("a scenario that did not run is not measured, never met", () => {
    const checks = checkTargets({ idleCost: { results: [], ratios: [] }, scale: null, trending: null });
    expect(checks.map((check) => check.verdict)).toEqual(Array(checks.length).fill("not measured"));
  });
});

describe("issueTableRows", () => {
  it("puts raw ws, Socket.IO and Pulse side by side, as the issue's table", () => {
    const rows = issueTableRows(run());
    expect(rows).toContainEqual(["200/s: p50 / p99 ms", "5.00 / 40.0", "5.00 / 40.0", "5.00 / 40.0"]);
    expect(rows).toContainEqual(["highest rate sustained", "1000/s", "1000/s", "600/s"]);
    expect(rows).toContainEqual(["server CPU ms per notification (200/s)", "0.90", "1.00", "3.00 + 0.04 worker"]);
    expect(rows).toContainEqual([
      "heap per connection, 1 / 3 subscriptions",
      "3.0 KiB (one)",
      "11.0 KiB (one)",
      "7.0 KiB / 40.0 KiB",
    ]);
    expect(rows).toContainEqual(["connect → ready p50 / p99 ms (5000 clients)", "–", "25.0 / 75.0", "50.0 / 150"]);
  });
});
