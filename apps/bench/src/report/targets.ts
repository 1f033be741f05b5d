import type { IdleCostResult } from "../scenarios/idle-cost";
import type { ThroughputResult, ThroughputStackResult } from "../scenarios/throughput";
import type { StackName } from "../stacks/stack";
import type { StepResult } from "../throughput/step-summary";
import { kib, ms, stackLabel, table } from "./format";
import type { BenchResults } from "./results";

/** The parts of a run the targets are judged from. */
type Measured = Pick<BenchResults, "idleCost" | "scale" | "trending">;

/**
 * Issue 8's table (raw ws, Socket.IO, Pulse side by side) and its targets, each judged from what this run measured.
 * A target whose scenario did not run is "not measured"; one measured on a smaller setup than the target names
 * (`--quick`) keeps its verdict but says so.
 */

export type TargetVerdict = "met" | "missed" | "not measured";

export interface TargetCheck {
  /** The target, in the issue's words. */
  target: string;
  /** What this run measured, with its numbers. */
  measured: string;
  verdict: TargetVerdict;
  /** Measured on fewer sockets, followers or tweets than the target names. */
  smallerThanTarget: boolean;
}

const COLUMNS: readonly StackName[] = ["raw", "socketio", "pulse"];
const TARGET_RATE = 1_000;
const TARGET_SOCKETS = 5_000;
const TARGET_CPU_RATIO = 2;
const TARGET_REDIS_COMMANDS = 5;
const TARGET_HEAP_ONE_SUBSCRIPTION = 8 * 1024;
const TARGET_CONNECT_RATIO = 1.5;
const TARGET_CONNECT_CLIENTS = 5_000;
const TARGET_FANOUT_MS = 1_000;
const TARGET_FANOUT_FOLLOWERS = 10_000;
const TARGET_TRENDING_MS = 50;
const TARGET_TRENDING_TWEETS = 1_000_000;

const IDLE_THREE_SUBSCRIPTIONS = "Pulse";
const IDLE_ONE_SUBSCRIPTION = "Pulse, onNew only";
const idlePeerLabel: Partial<Record<StackName, string>> = { socketio: "Socket.IO", raw: "raw ws" };

function stackOf(throughput: ThroughputResult | null | undefined, stack: StackName): ThroughputStackResult | undefined {
  return throughput?.stacks.find((candidate) => candidate.stack === stack);
}

function stepAt(result: ThroughputStackResult | undefined, rate: number): StepResult | undefined {
  return result?.steps.find((step) => step.rate === rate);
}

/** The rates both Pulse and Socket.IO ran, ascending: per-event costs are compared at each of them. */
export function commonRates(throughput: ThroughputResult | null | undefined): number[] {
  const pulse = stackOf(throughput, "pulse");
  const peer = stackOf(throughput, "socketio");
  if (!pulse || !peer) return [];
  return pulse.steps
    .map((step) => step.rate)
    .filter((rate) => stepAt(peer, rate) !== undefined)
    .sort((a, b) => a - b);
}

function idle(results: Measured, label: string): IdleCostResult | undefined {
  return results.idleCost.results.find((result) => result.label === label);
}

function judged(ok: boolean): TargetVerdict {
  return ok ? "met" : "missed";
}

const notMeasured = (target: string, why: string): TargetCheck => ({
  target,
  measured: why,
  verdict: "not measured",
  smallerThanTarget: false,
});

function sustainedCheck(throughput: ThroughputResult | null | undefined): TargetCheck {
  const target = `≥ ${TARGET_RATE}/s sustained (100 % delivered, none twice, p99 ≤ 100 ms) over ≥ ${TARGET_SOCKETS} sockets`;
  const pulse = stackOf(throughput, "pulse");
  if (!throughput || !pulse || pulse.steps.length === 0) return notMeasured(target, "throughput did not run");
  const rateOf = (stack: StackName) => {
    const rate = stackOf(throughput, stack)?.sustainedRate;
    return rate === undefined ? "–" : rate === null ? "none" : `${rate}/s`;
  };
  return {
    target,
    measured:
      `Pulse ${rateOf("pulse")} (Socket.IO ${rateOf("socketio")}, raw ws ${rateOf("raw")}; ` +
      `rates ${throughput.settings.rates.join(", ")}/s) over ${pulse.connectedSockets} sockets`,
    verdict: judged((pulse.sustainedRate ?? 0) >= TARGET_RATE),
    smallerThanTarget: pulse.connectedSockets < TARGET_SOCKETS,
  };
}

function cpuCheck(throughput: ThroughputResult | null | undefined): TargetCheck {
  const target = `server CPU per notification ≤ ${TARGET_CPU_RATIO}× Socket.IO's at the same rate, at every rate both ran`;
  const ratios = commonRates(throughput).flatMap((rate) => {
    const pulse = stepAt(stackOf(throughput, "pulse"), rate);
    const peer = stepAt(stackOf(throughput, "socketio"), rate);
    return pulse && peer ? [{ rate, ratio: pulse.perEvent.serverCpuMs / peer.perEvent.serverCpuMs }] : [];
  });
  if (ratios.length === 0) return notMeasured(target, "no rate both Pulse and Socket.IO ran");
  const worst = Math.max(...ratios.map((entry) => entry.ratio));
  return {
    target,
    measured: `Pulse ÷ Socket.IO ${ratios.map((entry) => `${entry.ratio.toFixed(2)}× at ${entry.rate}/s`).join(", ")}`,
    verdict: judged(worst <= TARGET_CPU_RATIO),
    smallerThanTarget: false,
  };
}

function redisCheck(throughput: ThroughputResult | null | undefined): TargetCheck {
  const target = `Redis commands per notification ≤ ${TARGET_REDIS_COMMANDS} (author without followers online), at every rate`;
  const steps = stackOf(throughput, "pulse")?.steps ?? [];
  if (steps.length === 0) return notMeasured(target, "throughput did not run");
  const most = Math.max(...steps.map((step) => step.perEvent.redisCommands));
  return {
    target,
    measured: steps.map((step) => `${step.perEvent.redisCommands.toFixed(1)} at ${step.rate}/s`).join(", "),
    verdict: judged(most <= TARGET_REDIS_COMMANDS),
    smallerThanTarget: false,
  };
}

function heapChecks(results: Measured): TargetCheck[] {
  const three = idle(results, IDLE_THREE_SUBSCRIPTIONS);
  const one = idle(results, IDLE_ONE_SUBSCRIPTION);
  const socketIo = idle(results, "Socket.IO");
  const threeTarget = "heap per connection with three subscriptions ≤ Socket.IO's per connection";
  const oneTarget = `heap per connection with one subscription ≤ ${kib(TARGET_HEAP_ONE_SUBSCRIPTION)}`;
  return [
    three && socketIo
      ? {
          target: threeTarget,
          measured: `${kib(three.heapBytesPerConnection)} vs ${kib(socketIo.heapBytesPerConnection)}`,
          verdict: judged(three.heapBytesPerConnection <= socketIo.heapBytesPerConnection),
          smallerThanTarget: false,
        }
      : notMeasured(threeTarget, "idle cost did not run"),
    one
      ? {
          target: oneTarget,
          measured: kib(one.heapBytesPerConnection),
          verdict: judged(one.heapBytesPerConnection <= TARGET_HEAP_ONE_SUBSCRIPTION),
          smallerThanTarget: false,
        }
      : notMeasured(oneTarget, "idle cost did not run"),
  ];
}

function connectCheck(results: Measured): TargetCheck {
  const target = `connect → ready p99 of ${TARGET_CONNECT_CLIENTS} clients within ${TARGET_CONNECT_RATIO}× Socket.IO's`;
  const measures = results.scale?.connect?.measures ?? [];
  const pulseMeasures = measures.filter((m) => m.stack === "pulse" && m.subscriptions === 1 && m.ready);
  const pairs = pulseMeasures
    .map((pulse) => ({ pulse, peer: measures.find((m) => m.stack === "socketio" && m.clients === pulse.clients) }))
    .filter((pair) => pair.peer?.ready);
  const largest = pairs.sort((a, b) => b.pulse.clients - a.pulse.clients)[0];
  const pulseP99 = largest?.pulse.ready?.p99;
  const peerP99 = largest?.peer?.ready?.p99;
  if (!largest || pulseP99 === undefined || peerP99 === undefined) return notMeasured(target, "connect did not run");
  const ratio = pulseP99 / peerP99;
  return {
    target,
    measured: `${ms(pulseP99)} vs ${ms(peerP99)} ms at ${largest.pulse.clients} clients (${ratio.toFixed(2)}×)`,
    verdict: judged(ratio <= TARGET_CONNECT_RATIO),
    smallerThanTarget: largest.pulse.clients < TARGET_CONNECT_CLIENTS,
  };
}

function fanoutCheck(results: Measured): TargetCheck {
  const target = `feed fan-out: last of ${TARGET_FANOUT_FOLLOWERS} online followers ≤ ${TARGET_FANOUT_MS} ms after the post's response, every post`;
  const pulse = results.scale?.fanout?.stacks.find((stack) => stack.stack === "pulse");
  if (!pulse || pulse.posts.length === 0) return notMeasured(target, "fan-out did not run");
  const times = pulse.posts.map((post) => post.responseToLastMs);
  const complete = times.every((time) => time !== null) && pulse.posts.every((p) => p.delivered === pulse.connected);
  const worst = Math.max(...times.map((time) => time ?? Number.POSITIVE_INFINITY));
  return {
    target,
    measured:
      `${complete ? `worst ${ms(worst)} ms` : "not every follower got every post"}, ` +
      `median ${ms(pulse.responseToLast?.p50)} ms over ${pulse.posts.length} posts to ${pulse.connected} followers`,
    verdict: judged(complete && worst <= TARGET_FANOUT_MS),
    smallerThanTarget: pulse.connected < TARGET_FANOUT_FOLLOWERS,
  };
}

function trendingCheck(results: Measured): TargetCheck {
  const target = `trending compute ≤ ${TARGET_TRENDING_MS} ms with ${TARGET_TRENDING_TWEETS.toLocaleString("en")} tweets in the window`;
  const phases = results.trending?.phases ?? [];
  const largest = [...phases].sort((a, b) => b.tweetsInWindow - a.tweetsInWindow)[0];
  if (!largest) return notMeasured(target, "trending did not run");
  return {
    target,
    measured: `p99 ${ms(largest.incremental.p99)} ms with ${largest.tweetsInWindow.toLocaleString("en")} tweets`,
    verdict: judged(largest.incremental.p99 <= TARGET_TRENDING_MS),
    smallerThanTarget: largest.tweetsInWindow < TARGET_TRENDING_TWEETS,
  };
}

function duplicatesCheck(throughput: ThroughputResult | null | undefined): TargetCheck {
  const target = "nothing duplicated at any rate (a lost event already fails its step)";
  const pulse = stackOf(throughput, "pulse");
  if (!pulse || pulse.steps.length === 0) return notMeasured(target, "throughput did not run");
  const sent = pulse.steps.reduce((sum, step) => sum + step.sent, 0);
  const duplicated = pulse.steps.reduce((sum, step) => sum + step.duplicated, 0);
  return {
    target,
    measured: `${duplicated} of ${sent} events decoded twice by some socket, over ${pulse.steps.length} steps`,
    verdict: judged(duplicated === 0),
    smallerThanTarget: false,
  };
}

/** Every target of issue 8, judged from this run. */
export function checkTargets(results: Measured): TargetCheck[] {
  const throughput = results.scale?.throughput;
  return [
    sustainedCheck(throughput),
    cpuCheck(throughput),
    redisCheck(throughput),
    ...heapChecks(results),
    connectCheck(results),
    fanoutCheck(results),
    trendingCheck(results),
    duplicatesCheck(throughput),
  ];
}

/** The issue's table: one row per measure, the three stacks as columns (– where a stack has no such figure). */
export function issueTableRows(results: Measured): string[][] {
  const throughput = results.scale?.throughput;
  const rows: string[][] = [];
  const perStack = (cell: (stack: StackName) => string) => COLUMNS.map(cell);
  const rates = throughput?.settings.rates ?? [];
  const lowest = rates[0];
  if (throughput && lowest !== undefined) {
    const step = (stack: StackName, rate: number) => stepAt(stackOf(throughput, stack), rate);
    rows.push([
      `${lowest}/s: p50 / p99 ms`,
      ...perStack((stack) => {
        const latency = step(stack, lowest)?.latency;
        return latency ? `${ms(latency.p50)} / ${ms(latency.p99)}` : "–";
      }),
    ]);
    for (const rate of rates) {
      rows.push([
        `${rate}/s offered: answered/s, delivered`,
        ...perStack((stack) => {
          const s = step(stack, rate);
          return s ? `${s.answeredRate.toFixed(0)}/s, ${s.deliveredPercent.toFixed(1)} %` : "–";
        }),
      ]);
    }
    rows.push([
      `server CPU ms per notification (${lowest}/s)`,
      ...perStack((stack) => {
        const s = step(stack, lowest);
        if (!s) return "–";
        const worker = s.perEvent.workerCpuMs;
        return worker === null ? ms(s.perEvent.serverCpuMs) : `${ms(s.perEvent.serverCpuMs)} + ${ms(worker)} worker`;
      }),
    ]);
    rows.push([
      `Redis commands per notification (${lowest}/s)`,
      ...perStack((stack) => step(stack, lowest)?.perEvent.redisCommands.toFixed(1) ?? "–"),
    ]);
    rows.push([
      "highest rate sustained",
      ...perStack((stack) => {
        const result = stackOf(throughput, stack);
        return !result ? "–" : result.sustainedRate === null ? "none" : `${result.sustainedRate}/s`;
      }),
    ]);
  }
  if (results.idleCost.results.length > 0) {
    const heap = (label: string | undefined) => {
      const result = label === undefined ? undefined : idle(results, label);
      return result ? kib(result.heapBytesPerConnection) : "–";
    };
    rows.push([
      "heap per connection, 1 / 3 subscriptions",
      ...perStack((stack) =>
        stack === "pulse"
          ? `${heap(IDLE_ONE_SUBSCRIPTION)} / ${heap(IDLE_THREE_SUBSCRIPTIONS)}`
          : `${heap(idlePeerLabel[stack])} (one)`,
      ),
    ]);
  }
  const connect = results.scale?.connect;
  const clients = connect ? Math.max(...connect.sizes) : undefined;
  if (connect && clients !== undefined) {
    rows.push([
      `connect → ready p50 / p99 ms (${clients} clients)`,
      ...perStack((stack) => {
        const measure = connect.measures.find(
          (m) => m.stack === stack && m.clients === clients && m.subscriptions === 1,
        )?.ready;
        return measure ? `${ms(measure.p50)} / ${ms(measure.p99)}` : "–";
      }),
    ]);
  }
  const fanout = results.scale?.fanout;
  if (fanout) {
    rows.push([
      `one event to all ${fanout.followers} clients, ms (Pulse: feed fan-out)`,
      ...perStack((stack) => {
        const result = fanout.stacks.find((candidate) => candidate.stack === stack);
        const last = stack === "pulse" ? result?.responseToLast : result?.sendToLast;
        return last ? ms(last.p50) : "–";
      }),
    ]);
  }
  return rows;
}

function verdictText(check: TargetCheck): string {
  return check.smallerThanTarget && check.verdict !== "not measured"
    ? `${check.verdict} (smaller setup)`
    : check.verdict;
}

export function targetsSection(results: Measured, checks: readonly TargetCheck[]): string {
  const rows = issueTableRows(results);
  const width = Math.max(...checks.map((check) => verdictText(check).length));
  return [
    "9. Issue 8's table and targets, from this run",
    "",
    ...(rows.length ? [table(["measure", ...COLUMNS.map((stack) => stackLabel[stack])], rows), ""] : []),
    ...checks.flatMap((check) => [
      `   ${verdictText(check).padEnd(width)}  ${check.target}`,
      `   ${" ".repeat(width)}  ${check.measured}`,
    ]),
    "",
    "   (smaller setup) = measured with fewer sockets, clients, followers or tweets than the target names (--quick).",
  ].join("\n");
}
