import { percentile } from "../util/stats";
import { achievedRate } from "./schedule";
import { DELIVERY_WINDOW_MS, judgeStep, type Verdict } from "./verdict";

/** One open-loop send as the generator saw it (performance.now() of this process). */
export interface SendRecord {
  /** When the schedule said to send it, and when it was handed to the HTTP agent. */
  scheduledAt: number;
  sentAt: number;
  /** The response (any status), or null when none came (timeout, connection error). */
  respondedAt: number | null;
  ok: boolean;
  /** The event's key (Pulse: the tweet id from the response; peers: chosen by the generator). */
  key: string | null;
  /** How many sockets must decode the event: all of the recipient's. */
  sockets: number;
  error: string | null;
}

/** Percentiles of one step, ms (nearest rank). */
export interface StepLatency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** CPU ms and Redis commands spent from the start of the measured window until its events were drained. */
export interface StepWork {
  serverCpuMs: number;
  workerCpuMs: number | null;
  loadGeneratorCpuMs: number;
  redisCommands: number;
}

export interface StepResult {
  rate: number;
  durationMs: number;
  sent: number;
  achievedRate: number;
  /** Actual send − scheduled send, p99 (ms): how far the generator lagged behind its schedule. */
  generatorLagP99Ms: number;
  answered: number;
  /** OK responses ÷ (last OK response − first scheduled send), at least the step's duration. */
  answeredRate: number;
  errors: number;
  firstErrors: Record<string, number>;
  delivered: number;
  deliveredPercent: number;
  /** Events some socket decoded twice or more (more arrivals than the recipient has sockets). */
  duplicated: number;
  /** Send → the last of the recipient's sockets decoded the event, over delivered events. */
  latency: StepLatency | null;
  /** Send → HTTP response, over OK responses. */
  response: StepLatency | null;
  perEvent: {
    serverCpuMs: number;
    workerCpuMs: number | null;
    loadGeneratorCpuMs: number;
    redisCommands: number;
  };
  verdict: Verdict;
}

const KEPT_ERROR_MESSAGES = 5;

export function stepLatency(values: readonly number[]): StepLatency | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * One step's figures from its sends and the arrival times of their events (`arrivals(key)`: when each socket decoded
 * it). Delivered = every socket of the recipient decoded it within DELIVERY_WINDOW_MS of the send; its latency is
 * the last of those arrivals − the send. Duplicated = more arrivals than the recipient has sockets.
 */
export function summarizeStep(input: {
  rate: number;
  durationMs: number;
  sends: readonly SendRecord[];
  arrivals: (key: string) => readonly number[] | undefined;
  work: StepWork;
}): StepResult {
  const { rate, durationMs, sends, work } = input;
  const latencies: number[] = [];
  const responses: number[] = [];
  const lags: number[] = [];
  const firstErrors: Record<string, number> = {};
  let errors = 0;
  let duplicated = 0;
  let lastOkResponse = Number.NEGATIVE_INFINITY;
  let firstScheduled = Number.POSITIVE_INFINITY;
  for (const send of sends) {
    lags.push(send.sentAt - send.scheduledAt);
    firstScheduled = Math.min(firstScheduled, send.scheduledAt);
    if (!send.ok || send.key === null) {
      errors++;
      const message = send.error ?? "failed";
      if (message in firstErrors || Object.keys(firstErrors).length < KEPT_ERROR_MESSAGES) {
        firstErrors[message] = (firstErrors[message] ?? 0) + 1;
      }
      continue;
    }
    if (send.respondedAt !== null) {
      responses.push(send.respondedAt - send.sentAt);
      lastOkResponse = Math.max(lastOkResponse, send.respondedAt);
    }
    const times = input.arrivals(send.key) ?? [];
    if (times.length > send.sockets) duplicated++;
    const inWindow = times.filter((at) => at - send.sentAt <= DELIVERY_WINDOW_MS);
    if (inWindow.length >= send.sockets) latencies.push(Math.max(...inWindow) - send.sentAt);
  }
  const answered = responses.length;
  const answerSpan = Math.max(durationMs, lastOkResponse - firstScheduled);
  const sent = sends.length;
  const achieved = achievedRate(
    sends.map((send) => send.sentAt),
    rate,
  );
  const latency = stepLatency(latencies);
  const answeredRate = answered > 0 ? (answered * 1000) / answerSpan : 0;
  const per = (value: number) => (sent > 0 ? value / sent : Number.NaN);
  return {
    rate,
    durationMs,
    sent,
    achievedRate: achieved,
    generatorLagP99Ms: stepLatency(lags)?.p99 ?? 0,
    answered,
    answeredRate,
    errors,
    firstErrors,
    delivered: latencies.length,
    deliveredPercent: sent > 0 ? (latencies.length * 100) / sent : 0,
    duplicated,
    latency,
    response: stepLatency(responses),
    perEvent: {
      serverCpuMs: per(work.serverCpuMs),
      workerCpuMs: work.workerCpuMs === null ? null : per(work.workerCpuMs),
      loadGeneratorCpuMs: per(work.loadGeneratorCpuMs),
      redisCommands: per(work.redisCommands),
    },
    verdict: judgeStep({
      rate,
      sent,
      achievedRate: achieved,
      answeredRate,
      errors,
      delivered: latencies.length,
      duplicated,
      p99: latency?.p99 ?? null,
    }),
  };
}
