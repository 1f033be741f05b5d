/**
 * Micro-benchmark: `npx tsx packages/matching/src/bench.ts [size]` (default 100 000 profiles).
 * Builds the index over a generated community in this thread and then on a worker thread, recording the longest
 * event-loop stall of each (and of an idle second, the machine's noise floor), then times 200 matches on the
 * thread-built index (after 50 warm-up matches, so the JIT is not measured). Prints one `name value` pair per line;
 * no assertions — timing belongs here, not in tests.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { MessageChannel } from "node:worker_threads";
import { generateCommunity } from "./generate";
import { match } from "./match";
import { buildMatchIndex, transferables } from "./match-index";
import { buildMatchIndexOffThread, DEFAULT_PAGE_SIZE, pagesOf } from "./off-thread";

const size = Number(process.argv[2] ?? 100_000);
const REQUESTS = 200;
const WARMUP = 50;
const at = new Date("2025-01-15T12:00:00Z");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const fmt = (ms: number) => ms.toFixed(2);

/**
 * Runs `work` while a 1 ms interval records the longest gap between its ticks, and perf_hooks' event-loop delay
 * histogram records its max: how long this thread could not run timers, I/O or BullMQ lock renewals.
 */
async function loopStall<T>(
  work: () => Promise<T> | T,
): Promise<{ value: T; ms: number; gapMs: number; eldMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // Let both probes arm before `work` starts: a block in this very turn would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  histogram.disable();
  return { value, ms, gapMs: Math.max(gapMs, performance.now() - last), eldMs: histogram.max / 1e6 };
}

const started = performance.now();
// 100 members per planted group on average, whatever the size.
const community = generateCommunity({ seed: 1, size, groups: Math.max(1, Math.round(size / 100)), noise: 0.2 });
const generateMs = performance.now() - started;

const idle = await loopStall(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
const inThread = await loopStall(() => buildMatchIndex(community.profiles));
const offThread = await loopStall(() => buildMatchIndexOffThread(pagesOf(community.profiles)));
const index = offThread.value;
// The main thread's own synchronous steps, timed without the scheduler noise of a loaded box: serializing each page
// (what postMessage does) and receiving the index (deserializing a message whose buffers are transferred).
const { port1, port2 } = new MessageChannel();
let pagePostMaxMs = 0;
for (const page of pagesOf(community.profiles)) {
  const t = performance.now();
  port1.postMessage(page);
  pagePostMaxMs = Math.max(pagePostMaxMs, performance.now() - t);
}
port1.close();
port2.close();
// The in-thread index is not used any more: transferring detaches its buffers.
const receiveStarted = performance.now();
structuredClone(inThread.value, { transfer: transferables(inThread.value) });
const receiveMs = performance.now() - receiveStarted;
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
console.log(`loop_max_idle_ms ${fmt(idle.gapMs)}`);
console.log(`build_ms ${fmt(inThread.ms)}`);
console.log(`build_loop_max_ms ${fmt(inThread.gapMs)}`);
console.log(`build_eld_max_ms ${fmt(inThread.eldMs)}`);
console.log(`thread_page_size ${DEFAULT_PAGE_SIZE}`);
console.log(`thread_build_ms ${fmt(offThread.ms)}`);
console.log(`thread_build_loop_max_ms ${fmt(offThread.gapMs)}`);
console.log(`thread_build_eld_max_ms ${fmt(offThread.eldMs)}`);
console.log(`thread_page_post_max_ms ${fmt(pagePostMaxMs)}`);
console.log(`thread_receive_ms ${fmt(receiveMs)}`);
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
