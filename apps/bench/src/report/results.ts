import type { BenchOptions } from "../options";
import type { BurstResult } from "../scenarios/burst";
import type { IdleCostResult } from "../scenarios/idle-cost";
import type { LatencyResult, Route } from "../scenarios/latency";
import type { StackName } from "../stacks/stack";
import type { MachineDescription } from "../util/machine";
import type { Ratios } from "../util/stats";

export interface RouteRatios {
  route: Route;
  pulseOverSocketIo: Ratios | null;
  pulseOverRaw: Ratios | null;
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
    pulseDatabase: string;
    signupSeconds: number | null;
    stacks: Record<StackName, string>;
  };
  notificationLatency: { results: LatencyResult[]; ratios: RouteRatios[] };
  idleCost: IdleCostResult[];
  engagementBurst: BurstResult | null;
  /** Warn/error log lines of the servers (pino level ≥ 40, or stderr after start), per server process. */
  serverProblems: ServerProblems[];
  /** Scenarios that could not run to the end, with the reason. */
  failures: string[];
  caveats: string[];
}
