import { performance } from "node:perf_hooks";
import { instance, type ScaleStack } from "../scale/stacks";
import { openWorkMeter, workBetween } from "../scale/work-meter";
import type { OpenClient, StackName } from "../stacks/stack";
import { ArrivalLog } from "../throughput/arrival-log";
import { createPoster, type Poster } from "../throughput/http-poster";
import { runOpenLoop } from "../throughput/open-loop";
import { type SendRecord, type StepResult, summarizeStep } from "../throughput/step-summary";
import { DELIVERY_WINDOW_MS, keepStepping, sustainedRate } from "../throughput/verdict";
import { onCleanup } from "../util/cleanup";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";

export interface ThroughputSettings {
  rates: number[];
  stepSeconds: number;
  warmupSeconds: number;
  /** Connected sockets per stack, over both instances (recipients × socketsPerRecipient). */
  sockets: number;
  socketsPerRecipient: number;
}

export interface ThroughputStackResult {
  stack: StackName;
  steps: StepResult[];
  /** The highest rate sustained (100 % delivered, no error, p99 ≤ 100 ms) with every lower step sustained. */
  sustainedRate: number | null;
  /** Why stepping stopped before the last rate, or null. */
  stoppedBecause: string | null;
  connectedSockets: number;
  setupError: string | null;
}

export interface ThroughputResult {
  settings: ThroughputSettings;
  recipients: number;
  httpConnectionsPerServer: number;
  stepOrder: string;
  stacks: ThroughputStackResult[];
}

const CONNECT_CONCURRENCY = 50;
/** Keep-alive connections per server instance: bounded, and plenty for ≤ 2 000/s at a few ms each. */
const HTTP_CONNECTIONS_PER_SERVER = 64;
const DRAIN_POLL_MS = 25;

interface Run {
  stack: ScaleStack;
  log: ArrivalLog;
  clients: OpenClient[];
  poster: Poster;
  next: number;
  result: ThroughputStackResult;
  active: boolean;
}

/** Waits until every answered send's event reached all its sockets, or until the delivery window has passed. */
async function drain(log: ArrivalLog, records: readonly SendRecord[]): Promise<void> {
  const lastSent = records.reduce((last, record) => Math.max(last, record.sentAt), 0);
  const deadline = lastSent + DELIVERY_WINDOW_MS + 100;
  let pending = records.filter((record) => record.ok && record.key !== null);
  // Bounded by the deadline.
  while (performance.now() < deadline) {
    pending = pending.filter((record) => log.count(record.key as string) < record.sockets);
    if (pending.length === 0) return;
    await sleep(DRAIN_POLL_MS);
  }
}

async function openRecipients(run: Run, recipients: number, perRecipient: number): Promise<void> {
  const { stack } = run;
  const total = recipients * perRecipient;
  progress(`throughput ${stack.name}: opening ${total} sockets (${recipients} recipients × ${perRecipient})`);
  await mapLimit(total, CONNECT_CONCURRENCY, async (i) => {
    const user = Math.floor(i / perRecipient);
    // Recipients alternate A/B; all sockets of one recipient are on the same instance.
    const client = await stack.openRecipient(instance(stack, user), user, (key) => run.log.record(key));
    run.clients.push(client);
  });
  run.result.connectedSockets = run.clients.length;
}

/** Runs `rate` for `durationMs` against one stack: each send notifies the next recipient, through the other instance. */
function sendAt(run: Run, recipients: number, perRecipient: number, rate: number, durationMs: number) {
  const { stack } = run;
  return runOpenLoop(
    rate,
    durationMs,
    async (_index) => {
      const n = run.next++;
      const user = n % recipients;
      const key = await stack.notify(run.poster, instance(stack, user + 1), user, n);
      return { key, sockets: perRecipient };
    },
    () => perRecipient,
  );
}

async function runStep(run: Run, settings: ThroughputSettings, recipients: number, rate: number): Promise<StepResult> {
  const { stack, log } = run;
  const per = settings.socketsPerRecipient;
  const warm = await sendAt(run, recipients, per, rate, settings.warmupSeconds * 1000);
  await drain(log, warm);
  const meter = await openWorkMeter(stack);
  try {
    const before = await meter.read();
    const durationMs = settings.stepSeconds * 1000;
    const records = await sendAt(run, recipients, per, rate, durationMs);
    await drain(log, records);
    const after = await meter.read();
    const step = summarizeStep({
      rate,
      durationMs,
      sends: records,
      arrivals: (key) => log.get(key),
      work: workBetween(stack, before, after),
    });
    log.clear();
    return step;
  } finally {
    meter.close();
  }
}

/**
 * Open-loop throughput: every stack's two instances hold `sockets` connected sockets (recipients alternate A/B);
 * per rate, the stacks run one after another (the order rotates per step), each a warm-up then a measured window
 * on a fixed schedule, every mutation sent to the instance its recipient is not on.
 */
export async function runThroughput(
  stacks: readonly ScaleStack[],
  settings: ThroughputSettings,
): Promise<ThroughputResult> {
  const recipients = Math.max(1, Math.floor(settings.sockets / settings.socketsPerRecipient));
  const runs: Run[] = stacks.map((stack) => ({
    stack,
    log: new ArrivalLog(),
    clients: [],
    poster: createPoster(HTTP_CONNECTIONS_PER_SERVER),
    next: 0,
    active: true,
    result: {
      stack: stack.name,
      steps: [],
      sustainedRate: null,
      stoppedBecause: null,
      connectedSockets: 0,
      setupError: null,
    },
  }));
  const closeAll = onCleanup("throughput clients", async () => {
    for (const run of runs) run.poster.close();
    await Promise.allSettled(runs.flatMap((run) => run.clients.map(async (client) => client.close())));
    // Let the servers see the closes before anything stops them.
    await sleep(500);
  });
  try {
    for (const run of runs) {
      try {
        await openRecipients(run, recipients, settings.socketsPerRecipient);
      } catch (error) {
        run.active = false;
        run.result.setupError = errorMessage(error);
        progress(`FAILED throughput ${run.stack.name}: ${errorMessage(error)}`);
      }
    }
    for (const [stepIndex, rate] of settings.rates.entries()) {
      const order = runs.map((_, i) => runs[(i + stepIndex) % runs.length] as Run).filter((run) => run.active);
      for (const run of order) {
        const step = await runStep(run, settings, recipients, rate);
        run.result.steps.push(step);
        const v = step.verdict;
        progress(
          `throughput ${run.stack.name} ${rate}/s: sent ${step.sent} (${step.achievedRate.toFixed(0)}/s), answered ` +
            `${step.answeredRate.toFixed(0)}/s, delivered ${step.deliveredPercent.toFixed(1)} %, p99 ` +
            `${step.latency?.p99.toFixed(1) ?? "–"} ms → ${v.kind}${v.kind === "sustained" ? "" : ` (${v.reasons.join(", ")})`}`,
        );
        if (!keepStepping(v) && rate !== settings.rates.at(-1)) {
          run.active = false;
          run.result.stoppedBecause =
            v.kind === "generator-limited"
              ? `stopped after ${rate}/s: the load generator could not offer it (${v.reasons.join(", ")})`
              : `stopped after ${rate}/s: clear failure (${v.kind === "missed" ? v.reasons.join(", ") : ""})`;
        }
      }
    }
  } finally {
    await closeAll();
  }
  for (const run of runs) run.result.sustainedRate = sustainedRate(run.result.steps);
  return {
    settings,
    recipients,
    httpConnectionsPerServer: HTTP_CONNECTIONS_PER_SERVER,
    stepOrder: "per rate, the stacks one after another (rotating order), all three connected throughout",
    stacks: runs.map((run) => run.result),
  };
}
