import type { BenchOptions } from "../options";
import type { ScaleResults } from "../scale/run";
import type { BurstResult } from "../scenarios/burst";
import type { IdleCostResult } from "../scenarios/idle-cost";
import type { LatencyResult, Route } from "../scenarios/latency";
import type { MatchScenarioResult } from "../scenarios/match";
import type { TrendingScenarioResult } from "../scenarios/trending";
import type { StackName } from "../stacks/stack";
import type { MachineDescription } from "../util/machine";
import type { Ratios } from "../util/stats";
import type { TargetCheck } from "./targets";

export interface RouteRatios {
  route: Route;
  pulseOverSocketIo: Ratios | null;
  pulseOverRaw: Ratios | null;
}

/** Pulse (three subscriptions) ÷ a peer, per measure of the idle-cost scenario. */
export interface IdleCostRatios {
  over: string;
  rssPerConnection: number;
  heapPerConnection: number;
  connectP50: number;
  connectP99: number;
}

/** Pulse ÷ each peer; empty when Pulse's row is missing. */
export function idleCostRatios(results: readonly IdleCostResult[]): IdleCostRatios[] {
  const pulse = results.find((result) => result.label === "Pulse");
  if (!pulse) return [];
  const divide = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  return results
    .filter((result) => !result.label.startsWith("Pulse"))
    .map((peer) => ({
      over: peer.label,
      rssPerConnection: divide(pulse.rssBytesPerConnection, peer.rssBytesPerConnection),
      heapPerConnection: divide(pulse.heapBytesPerConnection, peer.heapBytesPerConnection),
      connectP50: divide(pulse.connect.p50, peer.connect.p50),
      connectP99: divide(pulse.connect.p99, peer.connect.p99),
    }));
}

/** JSON with measured values rounded to 0.001 (ms, ratios), so the file stays readable and diffable. */
export function resultsJson(results: BenchResults): string {
  const round = (_key: string, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  return `${JSON.stringify(results, round, 2)}\n`;
}

export interface ServerProblems {
  server: string;
  count: number;
  first: string[];
}

/** Everything one run measured: what apps/bench/results/latest.json holds. */
export interface BenchResults {
  generatedAt: string;
  mode: BenchOptions["mode"];
  durationSeconds: number;
  machine: MachineDescription;
  loadAverageAtEnd: number[];
  parameters: Omit<BenchOptions, "out" | "mode"> & {
    /** The database of latency/idle/burst (null when only the match scenario ran; it has its own). */
    pulseDatabase: string | null;
    signupSeconds: number | null;
    stacks: Record<StackName, string> | null;
  };
  notificationLatency: { results: LatencyResult[]; ratios: RouteRatios[] };
  idleCost: { results: IdleCostResult[]; ratios: IdleCostRatios[] };
  engagementBurst: BurstResult | null;
  /** Connect-to-ready, open-loop throughput and feed fan-out (two instances per stack, accounts inserted). */
  scale: ScaleResults | null;
  /** Incremental trending compute against the former full scan, at 100 and at N tweets in the window. */
  trending: TrendingScenarioResult | null;
  /** Community matching at scale (distributed mode, its own database and redis-server). */
  match: MatchScenarioResult | null;
  /** Issue 8's targets, each judged from this run's figures (report/targets.ts). */
  targets: TargetCheck[];
  /** Warn/error log lines of the servers (pino level ≥ 40, or stderr after start), per server process. */
  serverProblems: ServerProblems[];
  /** Scenarios that could not run to the end, with the reason. */
  failures: string[];
  caveats: string[];
}
