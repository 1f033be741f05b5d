import { parseArgs } from "node:util";

export type ScenarioName = "latency" | "idle" | "burst" | "match";

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
  scenarios: ScenarioName[];
  out: string;
}

const usage = `usage: npm run bench -- [--quick] [--idle C] [--targets K] [--samples N] [--warmup W] [--gap-ms MS]
                        [--connections-per-user M] [--drivers D] [--idle-cost N] [--burst-likes L]
                        [--match-profiles P] [--match-workers W] [--match-samples N] [--match-warmup W]
                        [--match-concurrency C] [--match-seconds S]
                        [--only latency,idle,burst,match] [--out FILE]`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${usage}`);
  return value;
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
  const all: ScenarioName[] = ["latency", "idle", "burst", "match"];
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
    scenarios: scenarios as ScenarioName[],
    out: values.out ?? "results/latest.json",
  };
}
