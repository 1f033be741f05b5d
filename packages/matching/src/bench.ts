/**
 * Micro-benchmark: `npx tsx packages/matching/src/bench.ts [size]` (default 100 000 profiles).
 * Builds the index over a generated community, then times 200 matches (after 50 warm-up matches, so the JIT is not
 * measured). Prints one `name value` pair per line; no assertions — timing belongs here, not in tests.
 */
import { generateCommunity } from "./generate";
import { match } from "./match";
import { buildMatchIndex } from "./match-index";

const size = Number(process.argv[2] ?? 100_000);
const REQUESTS = 200;
const WARMUP = 50;
const at = new Date("2025-01-15T12:00:00Z");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const fmt = (ms: number) => ms.toFixed(2);

let started = performance.now();
// 100 members per planted group on average, whatever the size.
const community = generateCommunity({ seed: 1, size, groups: Math.max(1, Math.round(size / 100)), noise: 0.2 });
const generateMs = performance.now() - started;

started = performance.now();
const index = buildMatchIndex(community.profiles);
const buildMs = performance.now() - started;
const { heapUsed, arrayBuffers } = process.memoryUsage();

const stride = community.profiles.length / (REQUESTS + WARMUP);
const requesters = Array.from({ length: REQUESTS + WARMUP }, (_, i) => community.profiles[Math.floor(i * stride)]);
const times: number[] = [];
// CPU time too: on a shared machine the wall-clock tail is mostly other processes; CPU time is this code's cost.
const cpuTimes: number[] = [];
let candidates = 0;
let hits = 0;
requesters.forEach((requester, i) => {
  if (requester === undefined) return;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = match(index, requester, { at });
  const elapsed = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  if (i < WARMUP) return;
  times.push(elapsed);
  cpuTimes.push((user + system) / 1000);
  candidates += result.candidatesConsidered;
  const group = community.groupOf.get(requester.userId);
  hits += result.matches.filter((m) => community.groupOf.get(m.userId) === group).length;
});
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);

console.log(`profiles ${index.size}`);
console.log(`generate_ms ${fmt(generateMs)}`);
console.log(`build_ms ${fmt(buildMs)}`);
// Typed arrays live outside the JS heap: report both (the generated profiles are in the heap figure too).
console.log(`heap_mb ${(heapUsed / 1e6).toFixed(0)}`);
console.log(`array_buffers_mb ${(arrayBuffers / 1e6).toFixed(0)}`);
console.log(`requests ${times.length}`);
console.log(`match_p50_ms ${fmt(percentile(times, 50))}`);
console.log(`match_p99_ms ${fmt(percentile(times, 99))}`);
console.log(`match_max_ms ${fmt(times.at(-1) ?? Number.NaN)}`);
console.log(`match_cpu_p50_ms ${fmt(percentile(cpuTimes, 50))}`);
console.log(`match_cpu_p99_ms ${fmt(percentile(cpuTimes, 99))}`);
console.log(`candidates_mean ${(candidates / times.length).toFixed(0)}`);
console.log(`precision_at_10 ${(hits / (10 * times.length)).toFixed(4)}`);
