import type { IdleCostResult } from "../scenarios/idle-cost";
import type { LatencyResult } from "../scenarios/latency";
import type { StackName } from "../stacks/stack";
import type { Ratios, Summary } from "../util/stats";
import type { BenchResults } from "./results";

const stackLabel: Record<StackName, string> = { pulse: "Pulse", socketio: "Socket.IO", raw: "raw ws" };
const routeLabel = { single: "1 instance", cross: "2 instances (A→B)" } as const;

function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function times(value: number): string {
  return Number.isNaN(value) ? "–" : `${value.toFixed(2)}×`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((cells) => (cells[i] ?? "").length)));
  const lines = [row(header, widths), widths.map((width) => "-".repeat(width)).join("  ")];
  for (const cells of rows) lines.push(row(cells, widths));
  return lines.join("\n");
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

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
  return [header, latencySection(results), idleSection(results), burstSection(results), footer]
    .filter(Boolean)
    .join("\n\n");
}
