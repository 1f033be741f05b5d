import type { Work } from "../match/counters";
import type { IdleCostResult } from "../scenarios/idle-cost";
import type { LatencyResult } from "../scenarios/latency";
import type { MatchPhase } from "../scenarios/match";
import { renderTrendingResult } from "../scenarios/trending";
import type { Ratios, Summary } from "../util/stats";
import { kib, ms, stackLabel, table, times } from "./format";
import type { BenchResults } from "./results";
import { scaleSections } from "./scale-table";
import { targetsSection } from "./targets";

const routeLabel = { single: "1 instance", cross: "2 instances (A→B)" } as const;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function latencyRow(result: LatencyResult): string[] {
  const s: Summary | null = result.latency;
  return [
    `${routeLabel[result.route]} ${stackLabel[result.stack]}`,
    ms(s?.p50),
    ms(s?.p90),
    ms(s?.p99),
    ms(s?.max),
    String(s?.samples ?? 0),
    String(result.lost + result.failed),
    ms(result.response?.p50),
    ms(result.idleConnect?.p50),
    ms(result.serverCpuMsPerSample),
    ms(result.loadGeneratorCpuMsPerSample),
  ];
}

function ratioRow(label: string, ratios: Ratios | null): string[] {
  if (!ratios) return [label, "–", "–", "–", "–", "", "", "", "", "", ""];
  return [label, times(ratios.p50), times(ratios.p90), times(ratios.p99), times(ratios.max), "", "", "", "", "", ""];
}

function latencySection(results: BenchResults): string {
  const { parameters: p } = results;
  if (results.notificationLatency.results.length === 0) return "";
  const rows: string[][] = [];
  for (const route of ["single", "cross"] as const) {
    const inRoute = results.notificationLatency.results.filter((result) => result.route === route);
    if (inRoute.length === 0) continue;
    rows.push(...inRoute.map(latencyRow));
    const ratios = results.notificationLatency.ratios.find((entry) => entry.route === route);
    rows.push(ratioRow("   Pulse ÷ Socket.IO", ratios?.pulseOverSocketIo ?? null));
    rows.push(ratioRow("   Pulse ÷ raw ws", ratios?.pulseOverRaw ?? null));
  }
  return [
    `1. Notification latency, ms: mutation sent → bob's socket has the event (${p.idleClients} idle clients,`,
    `   ${p.targets} bob socket(s), ${p.samples} samples after ${p.warmup} warm-up, one in flight, ${p.gapMs} ms apart)`,
    "",
    table(
      ["route / stack", "p50", "p90", "p99", "max", "n", "lost", "resp p50", "conn p50", "srv CPU", "gen CPU"],
      rows,
    ),
    "",
    "   resp = the mutation's HTTP response; conn = idle client connect → subscription ack;",
    "   srv / gen CPU = CPU ms per measured sample used by all server processes / by the load generator.",
  ].join("\n");
}

function idleRow(result: IdleCostResult): string[] {
  return [
    result.label,
    String(result.connections),
    mib(result.before.rssBytes),
    mib(result.after.rssBytes),
    kib(result.rssBytesPerConnection),
    kib(result.heapBytesPerConnection),
    ms(result.connect.p50),
    ms(result.connect.p99),
    ms(result.ready.p50),
    ms(result.ready.p99),
    `${result.openAllSeconds.toFixed(1)} s`,
  ];
}

function idleSection(results: BenchResults): string {
  const { results: idle, ratios } = results.idleCost;
  if (idle.length === 0) return "";
  const rows = idle.map(idleRow);
  const notes = idle.map((result) => `   ${result.label}: ${result.holds}`);
  const ratioNotes = ratios.map(
    (ratio) =>
      `   Pulse ÷ ${ratio.over}: RSS/conn ${times(ratio.rssPerConnection)}, heap/conn ${times(ratio.heapPerConnection)}, ` +
      `connect p50 ${times(ratio.connectP50)}, p99 ${times(ratio.connectP99)}`,
  );
  return [
    "2. Idle cost: one fresh instance, memory before/after opening N connections one at a time (forced GC first)",
    "",
    table(
      [
        "stack",
        "N",
        "RSS before",
        "RSS after",
        "RSS/conn",
        "heap/conn",
        "conn p50",
        "conn p99",
        "ready p50",
        "ready p99",
        "open all",
      ],
      rows,
    ),
    "",
    "   RSS/conn = VmRSS delta ÷ N; heap/conn = (heapUsed + external) delta ÷ N; conn = connect → first",
    "   subscription acknowledged; ready = all subscriptions acknowledged and initial states received (ms).",
    ...notes,
    ...ratioNotes,
  ].join("\n");
}

function burstSection(results: BenchResults): string {
  const burst = results.engagementBurst;
  if (!burst) return "";
  const errors = Object.entries(burst.errors).map(([message, count]) => `${count}× ${message}`);
  return [
    `3. Engagement burst (Pulse, 2 instances): ${burst.likes} likes on one tweet from ${burst.likes} users,`,
    `   ${burst.concurrency} in flight, alternating A/B; ${burst.watchers} engagement.onUpdate watchers; author on B`,
    "",
    `   likes accepted            ${burst.likesOk} / ${burst.likes} in ${burst.sendSeconds.toFixed(2)} s (${burst.likesPerSecond.toFixed(0)} likes/s)`,
    `   like response p50/p99     ${ms(burst.likeResponse?.p50)} / ${ms(burst.likeResponse?.p99)} ms`,
    `   messages per watcher      mean ${burst.messagesPerWatcher?.mean.toFixed(1) ?? "–"} (min ${burst.messagesPerWatcher?.min ?? "–"}, max ${burst.messagesPerWatcher?.max ?? "–"})`,
    `   exact final count seen    ${burst.watchersWithFinalCount} / ${burst.watchers} watchers; first like → final: p50 ${ms(burst.finalCountAt?.p50)} ms, max ${ms(burst.finalCountAt?.max)} ms`,
    `   author's LIKE notifications ${burst.notificationsReceived} / ${burst.likesOk}; first like → last: ${ms(burst.lastNotificationMs)} ms`,
    ...(errors.length ? [`   errors: ${errors.join("; ")}`] : []),
  ].join("\n");
}

function count(value: number): string {
  return Math.round(value).toLocaleString("en");
}

function matchPhaseRow(label: string, phase: MatchPhase): string[] {
  const s = phase.endToEnd;
  return [
    label,
    ms(s?.p50),
    ms(s?.p90),
    ms(s?.p99),
    ms(s?.max),
    String(s?.samples ?? 0),
    String(phase.lost),
    String(phase.failed + phase.failedResults),
    ms(phase.response?.p50),
    ms(phase.toFinished?.p50),
    ms(phase.delivery?.p50),
    ms(phase.computeMs?.p50),
  ];
}

function cpuCells(work: Work | null): string {
  if (!work) return "–";
  const { cpuMs } = work;
  const total = cpuMs.server + cpuMs.workers + cpuMs.postgres + cpuMs.redis + cpuMs.loadGenerator;
  return (
    `server ${ms(cpuMs.server)} + workers ${ms(cpuMs.workers)} + PostgreSQL ${ms(cpuMs.postgres)} + ` +
    `Redis ${ms(cpuMs.redis)} + load generator ${ms(cpuMs.loadGenerator)} = ${ms(total)}`
  );
}

function workLines(latency: MatchPhase, throughput: MatchPhase | null, background: Work): string[] {
  const lines: string[] = [];
  const sequential = latency.workPerRequest;
  if (sequential) {
    lines.push(
      `   work per request          ${sequential.pgTransactions.toFixed(1)} PostgreSQL transactions, ` +
        `${sequential.redisCommands.toFixed(1)} Redis commands (sequential; all processes, background included)`,
      `   CPU ms per request        sequential: ${cpuCells(sequential)}`,
    );
  }
  if (throughput?.workPerRequest)
    lines.push(`                             loaded:     ${cpuCells(throughput.workPerRequest)}`);
  lines.push(
    `   idle, per second          ${background.pgTransactions.toFixed(1)} PostgreSQL transactions, ` +
      `${background.redisCommands.toFixed(1)} Redis commands; CPU ms ${cpuCells(background)}`,
  );
  return lines;
}

function matchSection(results: BenchResults): string {
  const match = results.match;
  if (!match) return "";
  const m = results.machine;
  const { latency, throughput, quality } = match;
  const concurrency = [...new Set(match.workerConcurrency.map((value) => value ?? "?"))].join("/");
  const builds = match.indexBuilds.map(
    (build) =>
      `${build.worker.replace("pulse match ", "")} ${count(build.ms)} ms (${count(build.profiles)} profiles, ` +
      `${(build.afterWorkerStartMs / 1000).toFixed(1)} s after start)`,
  );
  const rows = [matchPhaseRow(`sequential (1 in flight, ${latency.requesters} users)`, latency)];
  if (throughput) rows.push(matchPhaseRow(`closed loop (${throughput.concurrency} in flight)`, throughput));
  const errors = [latency, ...(throughput ? [throughput] : [])].flatMap((phase) =>
    Object.entries(phase.errors).map(([message, times]) => `${times}× ${message}`),
  );
  const compute = (phase: MatchPhase) =>
    `p50 ${ms(phase.computeMs?.p50)}, p99 ${ms(phase.computeMs?.p99)}, max ${ms(phase.computeMs?.max)} ms`;
  const candidates = (phase: MatchPhase) =>
    `p50 ${count(phase.candidatesConsidered?.p50 ?? Number.NaN)}, p99 ${count(phase.candidatesConsidered?.p99 ?? Number.NaN)}`;
  const load = match.loadAverage;
  return [
    `4. Match (Pulse, distributed): ${count(match.profiles)} generated profiles in PostgreSQL (${count(match.groups)} ` +
      `planted groups, noise ${match.noise}) + ${match.requesters} signed-up requesters;`,
    `   1 server, ${match.workers} worker processes × WORKER_CONCURRENCY ${concurrency}; end-to-end ms = match.request sent →`,
    "   result frame on the requester's match.onResult subscription",
    `   machine: ${m.cpuModel} × ${m.cpuCount}, ${(m.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB; load average (1 min) ` +
      `while measuring: start ${load.atStart[0]?.toFixed(2)}, mean ${load.mean1m.toFixed(2)}, max ${load.max1m.toFixed(2)}`,
    "",
    table(
      ["phase", "p50", "p90", "p99", "max", "n", "lost", "failed", "resp p50", "→fin p50", "deliv p50", "compute p50"],
      rows,
    ),
    "",
    "   resp = HTTP response with the taskId; →fin = request sent → the worker's finishedAt; deliv = finishedAt →",
    "   frame decoded (commit, PUBLISH, server, WebSocket); compute = result.tookMs (the matcher inside the worker).",
    ...(throughput
      ? [
          `   sustained                 ${throughput.resultsPerSecond.toFixed(1)} results/s (${count(throughput.results)} in ` +
            `${throughput.seconds.toFixed(1)} s with ${throughput.concurrency} in flight)`,
        ]
      : []),
    `   worker compute (tookMs)   sequential ${compute(latency)}${throughput ? `; loaded ${compute(throughput)}` : ""}`,
    `   candidatesConsidered      ${candidates(latency)}`,
    ...workLines(latency, throughput, match.backgroundPerSecond),
    `   precision@${quality.k}              ${quality.precisionAtK?.toFixed(3) ?? "–"} (first result of ${quality.requestersScored} ` +
      `requesters), ${quality.precisionAtKAllResults?.toFixed(3) ?? "–"} over all ${count(quality.resultsScored)} results` +
      (quality.inProcess
        ? `; library in-process on the same requesters ${quality.inProcess.precisionAtK?.toFixed(3) ?? "–"}, same ` +
          `top ${quality.k} for ${quality.inProcess.sameTopK} / ${quality.inProcess.compared}`
        : ""),
    `   setup                     insert ${count(match.profiles)} users + profiles in ${match.setup.insertSeconds.toFixed(1)} s ` +
      `(${count(match.setup.profilesPerSecond)}/s); requesters ${match.setup.requesterSeconds.toFixed(1)} s`,
    `   index builds              ${builds.join("; ") || "none logged"}; warm-up ${match.indexWarmup.requests} requests, ` +
      `${match.indexWarmup.seconds.toFixed(1)} s`,
    `   memory (RSS at the end)   server ${mib(match.memory.serverRssBytes)}, workers ${match.memory.workerRssBytes.map(mib).join(", ")}`,
    `   anomalies                 TOO_MANY_REQUESTS ${latency.tooManyRequests + (throughput?.tooManyRequests ?? 0)}, reused ` +
      `${latency.reused + (throughput?.reused ?? 0)}, late results ${match.unclaimedResults}, stream resets ${match.streamResets}, ` +
      `index rebuilds while measuring ${match.indexRebuildsWhileMeasuring}`,
    ...(errors.length ? [`   errors: ${errors.join("; ")}`] : []),
  ].join("\n");
}

export function renderTable(results: BenchResults): string {
  const m = results.machine;
  const header = [
    `Pulse bench (${results.mode}) ${results.generatedAt}, ${results.durationSeconds.toFixed(0)} s`,
    `${m.cpuModel} × ${m.cpuCount}, ${(m.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB, ${m.os}, Node ${m.node}`,
    `${m.redisServer.split(" ").slice(0, 3).join(" ")}; ${m.postgres.split(" on ")[0]}`,
    `load average at start ${m.loadAverageAtStart.map((load) => load.toFixed(2)).join(" ")}, at end ${results.loadAverageAtEnd.map((load) => load.toFixed(2)).join(" ")}`,
  ].join("\n");
  const problems = results.serverProblems.filter((entry) => entry.count > 0);
  const footer = [
    ...(problems.length
      ? [
          "Server warnings/errors:",
          ...problems.map((entry) => `   ${entry.server}: ${entry.count} (${entry.first[0]})`),
        ]
      : ["Server warnings/errors: none"]),
    ...(results.failures.length ? ["FAILED:", ...results.failures.map((failure) => `   ${failure}`)] : []),
  ].join("\n");
  return [
    header,
    latencySection(results),
    idleSection(results),
    burstSection(results),
    matchSection(results),
    ...scaleSections(results.scale),
    results.trending ? `8. Trending\n${renderTrendingResult(results.trending)}` : "",
    targetsSection(results, results.targets),
    footer,
  ]
    .filter(Boolean)
    .join("\n\n");
}
