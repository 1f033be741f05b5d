import type { ScaleResults } from "../scale/run";
import type { ConnectResult } from "../scenarios/connect";
import type { FanoutResult, FanoutStackResult } from "../scenarios/fanout";
import type { ThroughputResult } from "../scenarios/throughput";
import type { StackName } from "../stacks/stack";
import type { StepResult } from "../throughput/step-summary";
import { DELIVERY_WINDOW_MS, SUSTAINED_P99_MS } from "../throughput/verdict";
import { ms, stackLabel, table } from "./format";

function raised(scale: ScaleResults): string {
  const entries = Object.entries(scale.raisedSettings);
  return entries.length
    ? `Pulse settings raised by the bench: ${entries.map(([key, value]) => `${key}=${value}`).join(", ")}`
    : "Pulse settings raised by the bench: none";
}

function connectSection(connect: ConnectResult): string {
  const rows = connect.measures.map((m) => [
    m.variant,
    String(m.clients),
    ms(m.ready?.p50),
    ms(m.ready?.p99),
    ms(m.ready?.max),
    ms(m.state?.p50),
    ms(m.state?.p99),
    `${m.openAllSeconds.toFixed(1)} s`,
    m.openAllSeconds > 0 ? (m.clients / m.openAllSeconds).toFixed(0) : "–",
    String(m.failed),
  ]);
  const errors = connect.measures.flatMap((m) => m.errors.map((error) => `   ${m.variant} × ${m.clients}: ${error}`));
  return [
    `5. Connect-to-ready: N clients over two instances (alternating A/B, ${connect.socketsPerUser} per user), ` +
      `${connect.concurrency} connecting at a time; ms from connect to every subscription acknowledged`,
    "",
    table(
      ["variant", "N", "ready p50", "p99", "max", "state p50", "state p99", "open all", "clients/s", "failed"],
      rows,
    ),
    "",
    "   state = Pulse, 3 subscriptions: connect → first frames of onUnreadCount and engagement.onUpdate (their state).",
    "   Per-client times stay flat and `open all` grows linearly with N if connecting scales linearly.",
    ...errors,
  ].join("\n");
}

function verdictCell(step: StepResult): string {
  const v = step.verdict;
  if (v.kind === "sustained") return "yes";
  if (v.kind === "generator-limited") return "GENERATOR";
  return v.clearFail ? "no (clear)" : "no";
}

function stepRow(stack: StackName, step: StepResult): string[] {
  const l = step.latency;
  return [
    `${stackLabel[stack]} ${step.rate}/s`,
    String(step.sent),
    step.achievedRate.toFixed(0),
    step.answeredRate.toFixed(0),
    String(step.errors),
    step.deliveredPercent.toFixed(1),
    String(step.duplicated),
    ms(l?.p50),
    ms(l?.p95),
    ms(l?.p99),
    ms(l?.max),
    ms(step.response?.p50),
    ms(step.perEvent.serverCpuMs),
    ms(step.perEvent.workerCpuMs),
    step.perEvent.redisCommands.toFixed(1),
    ms(step.perEvent.loadGeneratorCpuMs),
    ms(step.generatorLagP99Ms),
    verdictCell(step),
  ];
}

function throughputSection(t: ThroughputResult): string {
  const s = t.settings;
  const rows: string[][] = [];
  for (const rate of s.rates) {
    for (const stack of t.stacks) {
      const step = stack.steps.find((candidate) => candidate.rate === rate);
      if (step) rows.push(stepRow(stack.stack, step));
    }
  }
  const sustained = t.stacks.map(
    (stack) =>
      `   ${stackLabel[stack.stack].padEnd(10)} ${stack.sustainedRate === null ? "none of the rates" : `${stack.sustainedRate}/s`}` +
      (stack.stoppedBecause ? `; ${stack.stoppedBecause}` : "") +
      (stack.setupError ? `; SETUP FAILED: ${stack.setupError}` : ""),
  );
  const errors = t.stacks.flatMap((stack) =>
    stack.steps.flatMap((step) =>
      Object.entries(step.firstErrors).map(
        ([message, n]) => `   ${stackLabel[stack.stack]} ${step.rate}/s: ${n}× ${message}`,
      ),
    ),
  );
  const limited = t.stacks.flatMap((stack) =>
    stack.steps
      .filter((step) => step.verdict.kind === "generator-limited")
      .map(
        (step) =>
          `   ${stackLabel[stack.stack]} ${step.rate}/s: the load generator could not offer this rate on this machine`,
      ),
  );
  return [
    `6. Open-loop throughput: ${t.stacks[0]?.connectedSockets ?? 0} sockets per stack on two instances (${t.recipients} ` +
      `recipients × ${s.socketsPerRecipient}, alternating A/B); each mutation notifies the next recipient through the other instance`,
    `   steps: ${s.rates.join(", ")}/s, ${s.warmupSeconds} s warm-up + ${s.stepSeconds} s measured each; ${t.stepOrder};`,
    `   ≤ ${t.httpConnectionsPerServer} keep-alive HTTP connections per instance; latency = send → the event decoded on ALL sockets of the recipient`,
    "",
    table(
      [
        "stack / offered",
        "sent",
        "achieved/s",
        "answered/s",
        "errors",
        "deliv %",
        "dup",
        "p50",
        "p95",
        "p99",
        "max",
        "resp p50",
        "srv CPU",
        "wrk CPU",
        "Redis cmd",
        "gen CPU",
        "gen lag p99",
        "sustained",
      ],
      rows,
    ),
    "",
    `   deliv % = events on every socket of the recipient within ${DELIVERY_WINDOW_MS / 1000} s of the send, of all sent; ` +
      "dup = events some socket decoded twice; answered/s = OK responses ÷ (last OK response − first send);",
    "   srv / wrk / gen CPU = CPU ms per sent event of both server processes / Pulse's worker / the load generator;",
    "   Redis cmd = commands of the stack's redis-server per sent event; gen lag = actual − scheduled send (ms).",
    `   Highest rate sustained (every step up to it: 100 % delivered, none twice, no error, p99 ≤ ${SUSTAINED_P99_MS} ms):`,
    ...sustained,
    ...limited,
    ...(errors.length ? ["   errors (first messages):", ...errors] : []),
  ].join("\n");
}

function fanoutRow(result: FanoutStackResult): string[] {
  return [
    stackLabel[result.stack],
    `${result.connected}/${result.followers}`,
    String(result.posts.length),
    ms(result.posts.length ? Math.min(...result.posts.map((p) => p.responseMs ?? Number.NaN)) : null),
    ms(result.responseToLast?.p50),
    ms(result.sendToLast?.p50),
    ms(result.sendToLast?.max),
    ms(result.followerP50?.p50),
    String(result.posts.length ? Math.min(...result.posts.map((p) => p.delivered)) : 0),
    ms(result.perPost?.serverCpuMs),
    ms(result.perPost?.workerCpuMs),
    result.perPost ? result.perPost.redisCommands.toFixed(0) : "–",
    ms(result.connect?.p50),
  ];
}

function fanoutSection(f: FanoutResult): string {
  const errors = f.stacks.flatMap((stack) => [
    ...(stack.error ? [`   ${stackLabel[stack.stack]}: ${stack.error}`] : []),
    ...stack.posts.filter((post) => post.error).map((post) => `   ${stackLabel[stack.stack]}: ${post.error}`),
  ]);
  return [
    `7. Feed fan-out: one post reaches ${f.followers} online followers (one socket each, alternating A/B); ` +
      `${f.posts} posts one at a time after a warm-up post`,
    "",
    table(
      [
        "stack",
        "online",
        "posts",
        "resp min",
        "resp→last p50",
        "send→last p50",
        "send→last max",
        "follower p50",
        "min deliv",
        "srv CPU",
        "wrk CPU",
        "Redis cmd",
        "conn p50",
      ],
      f.stacks.map(fanoutRow),
    ),
    "",
    "   ms; resp = post sent → its HTTP response; last = the last follower decoded the event; follower p50 = median over",
    "   posts of each post's median follower; CPU ms and Redis commands per post (server processes / Pulse's worker).",
    ...f.stacks.map((stack) => `   ${stackLabel[stack.stack]}: ${stack.what}`),
    ...errors,
  ].join("\n");
}

/** The connect, throughput and fan-out sections, in run order. */
export function scaleSections(scale: ScaleResults | null): string[] {
  if (!scale) return [];
  const sections = [
    `Scale scenarios (two instances per stack; ${scale.insertedAccounts} Pulse accounts inserted directly in ` +
      `${scale.insertSeconds.toFixed(1)} s). ${raised(scale)}`,
  ];
  if (scale.connect) sections.push(connectSection(scale.connect));
  if (scale.throughput) sections.push(throughputSection(scale.throughput));
  if (scale.fanout) sections.push(fanoutSection(scale.fanout));
  return sections;
}
