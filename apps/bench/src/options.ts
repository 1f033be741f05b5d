import { parseArgs } from "node:util";
import { parseRates } from "./throughput/schedule";

export type ScenarioName = "latency" | "idle" | "burst" | "match" | "throughput" | "fanout" | "connect" | "trending";

/** Scenarios on the shared scale setup (two instances per stack, accounts inserted directly). */
export const SCALE_SCENARIOS: readonly ScenarioName[] = ["connect", "throughput", "fanout"];
/** Scenarios on the signed-up community (latency, idle cost, burst). */
export const SOCIAL_SCENARIOS: readonly ScenarioName[] = ["latency", "idle", "burst"];

export interface BenchOptions {
  mode: "full" | "quick";
  /** Idle connected clients besides the targets (C). */
  idleClients: number;
  /** Target connections of bob (K); a sample ends when every one of them has the event. */
  targets: number;
  /** Measured samples per stack and route, after the warm-up. */
  samples: number;
  warmup: number;
  /** Pause between two samples (one sample is in flight at a time). */
  gapMs: number;
  /** Authenticated connections per idle user (Pulse allows WS_MAX_CONNECTIONS_PER_USER = 20 per instance). */
  connectionsPerUser: number;
  /** Driver users taking turns (spreads the per-user mutation budget, MUTATIONS_PER_USER_PER_MINUTE = 600). */
  drivers: number;
  /** Connections opened for the idle-cost scenario (N). */
  idleCostConnections: number;
  /** Likes (from as many users) in the engagement burst. */
  burstLikes: number;
  /** Match scenario: generated profiles inserted into its own database (100 per planted group). */
  matchProfiles: number;
  /** Match scenario: standalone worker processes (`apps/worker`) computing the matches. */
  matchWorkers: number;
  /** Match scenario: measured sequential request → result samples, after `matchWarmup` unmeasured ones. */
  matchSamples: number;
  matchWarmup: number;
  /** Match scenario: requesters in the closed-loop throughput phase (distinct users, one request in flight each). */
  matchConcurrency: number;
  /** Match scenario: length of the throughput phase. */
  matchSeconds: number;
  /** Throughput: offered rates (mutations/s), one step each, ascending. */
  rates: number[];
  /** Throughput: measured seconds per step, after `stepWarmupSeconds` unmeasured at the same rate. */
  stepSeconds: number;
  stepWarmupSeconds: number;
  /** Throughput: connected sockets per stack over its two instances. */
  throughputSockets: number;
  /** Throughput and connect: sockets per recipient user (Pulse allows 20 per user and instance). */
  socketsPerRecipient: number;
  /** Throughput: Pulse users posting the mentions, taking turns. */
  throughputDrivers: number;
  /** Fan-out: online followers of the author (one feed.onNew socket each). */
  fanoutFollowers: number;
  /** Fan-out: measured posts, after one warm-up post. */
  fanoutPosts: number;
  /** Connect: client counts, each opened from scratch. */
  connectSizes: number[];
  /** Trending scenario: tweets inserted into the window before timing the compute. */
  trendingTweets: number;
  scenarios: ScenarioName[];
  out: string;
}

const usage = `usage: npm run bench -- [--quick] [--idle C] [--targets K] [--samples N] [--warmup W] [--gap-ms MS]
                        [--connections-per-user M] [--drivers D] [--idle-cost N] [--burst-likes L]
                        [--match-profiles P] [--match-workers W] [--match-samples N] [--match-warmup W]
                        [--match-concurrency C] [--match-seconds S]
                        [--rates 50,200,500,1000,2000] [--step-seconds S] [--step-warmup S]
                        [--throughput-sockets N] [--sockets-per-recipient M] [--throughput-drivers D]
                        [--fanout-followers F] [--fanout-posts P] [--connect-sizes 1000,5000]
                        [--trending-tweets T]
                        [--only latency,idle,burst,match,throughput,fanout,connect,trending] [--out FILE]`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${usage}`);
  return value;
}

function parseSizes(raw: string): number[] {
  const sizes = raw.split(",").map((part) => Number(part.trim()));
  if (sizes.length === 0 || sizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new Error(`--connect-sizes must be positive integers, e.g. 1000,5000\n${usage}`);
  }
  return sizes;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: "boolean", default: false },
      idle: { type: "string" },
      targets: { type: "string" },
      samples: { type: "string" },
      warmup: { type: "string" },
      "gap-ms": { type: "string" },
      "connections-per-user": { type: "string" },
      drivers: { type: "string" },
      "idle-cost": { type: "string" },
      "burst-likes": { type: "string" },
      "match-profiles": { type: "string" },
      "match-workers": { type: "string" },
      "match-samples": { type: "string" },
      "match-warmup": { type: "string" },
      "match-concurrency": { type: "string" },
      "match-seconds": { type: "string" },
      rates: { type: "string" },
      "step-seconds": { type: "string" },
      "step-warmup": { type: "string" },
      "throughput-sockets": { type: "string" },
      "sockets-per-recipient": { type: "string" },
      "throughput-drivers": { type: "string" },
      "fanout-followers": { type: "string" },
      "fanout-posts": { type: "string" },
      "connect-sizes": { type: "string" },
      "trending-tweets": { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick === true;
  const all: ScenarioName[] = ["latency", "idle", "burst", "match", "connect", "throughput", "fanout", "trending"];
  const scenarios = values.only ? values.only.split(",").map((name) => name.trim()) : all;
  for (const name of scenarios) {
    if (!all.includes(name as ScenarioName)) throw new Error(`--only: unknown scenario ${name}\n${usage}`);
  }
  return {
    mode: quick ? "quick" : "full",
    idleClients: positiveInt("idle", values.idle, quick ? 200 : 2_000, 0),
    targets: positiveInt("targets", values.targets, 1),
    samples: positiveInt("samples", values.samples, quick ? 300 : 500),
    warmup: positiveInt("warmup", values.warmup, quick ? 30 : 50, 0),
    gapMs: positiveInt("gap-ms", values["gap-ms"], 10, 0),
    connectionsPerUser: positiveInt("connections-per-user", values["connections-per-user"], 10),
    drivers: positiveInt("drivers", values.drivers, 8),
    idleCostConnections: positiveInt("idle-cost", values["idle-cost"], quick ? 200 : 1_000),
    burstLikes: positiveInt("burst-likes", values["burst-likes"], quick ? 200 : 1_000),
    matchProfiles: positiveInt("match-profiles", values["match-profiles"], quick ? 20_000 : 100_000, 100),
    matchWorkers: positiveInt("match-workers", values["match-workers"], 2),
    matchSamples: positiveInt("match-samples", values["match-samples"], quick ? 100 : 300),
    matchWarmup: positiveInt("match-warmup", values["match-warmup"], quick ? 20 : 30, 0),
    matchConcurrency: positiveInt("match-concurrency", values["match-concurrency"], 32),
    matchSeconds: positiveInt("match-seconds", values["match-seconds"], quick ? 10 : 30),
    rates: parseRates(values.rates ?? "50,200,500,1000,2000"),
    stepSeconds: positiveInt("step-seconds", values["step-seconds"], quick ? 4 : 10),
    stepWarmupSeconds: positiveInt("step-warmup", values["step-warmup"], quick ? 1 : 2),
    throughputSockets: positiveInt("throughput-sockets", values["throughput-sockets"], quick ? 1_000 : 5_000),
    socketsPerRecipient: positiveInt("sockets-per-recipient", values["sockets-per-recipient"], 10),
    throughputDrivers: positiveInt("throughput-drivers", values["throughput-drivers"], 100),
    fanoutFollowers: positiveInt("fanout-followers", values["fanout-followers"], quick ? 1_000 : 10_000),
    fanoutPosts: positiveInt("fanout-posts", values["fanout-posts"], quick ? 3 : 5),
    connectSizes: parseSizes(values["connect-sizes"] ?? (quick ? "200,1000" : "1000,5000")),
    trendingTweets: positiveInt("trending-tweets", values["trending-tweets"], quick ? 100_000 : 1_000_000, 100),
    scenarios: scenarios as ScenarioName[],
    out: values.out ?? "results/latest.json",
  };
}
