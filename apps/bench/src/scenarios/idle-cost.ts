import { performance } from "node:perf_hooks";
import type { ServerProcess } from "../util/child";
import { connectInspector, type Inspector } from "../util/inspector";
import { progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";
import { readRssBytes } from "../util/proc";
import { median, type Summary, summarize } from "../util/stats";

export interface IdleCostClient {
  connectMs: number;
  readyMs: number;
  close(): Promise<void> | void;
}

export interface IdleCostSetup {
  label: string;
  /** What one connection holds, in words (for the report). */
  holds: string;
  connections: number;
  /** Starts one server process with Node's inspector on (see util/inspector.ts). */
  start(): Promise<ServerProcess>;
  open(server: ServerProcess, index: number): Promise<IdleCostClient>;
  stop(server: ServerProcess): Promise<void>;
}

/** The server's memory at one moment: VmRSS (median of a few readings) and the heap after a forced full GC. */
export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
  /** heapUsed + external (buffers and other memory V8 knows of outside its heap). */
  heapAndExternalBytes: number;
}

export interface IdleCostResult {
  label: string;
  holds: string;
  connections: number;
  before: MemoryReading;
  after: MemoryReading;
  afterClose: MemoryReading;
  /** (after − before) ÷ N, VmRSS: what the brief asks for; includes allocator and V8 page slack. */
  rssBytesPerConnection: number;
  /** (after − before) ÷ N, heapUsed + external after a forced full GC: the live objects a connection keeps. */
  heapBytesPerConnection: number;
  connect: Summary;
  ready: Summary;
  /** Opening all N, one after the other. */
  openAllSeconds: number;
  warmUpConnections: number;
}

/**
 * One connection at a time: connect times are a client's, not a queue's. Before the "before" reading, WARM_UP
 * connections are opened and closed again, so one-time costs (JIT, the database pool growing, lazily loaded
 * modules) are not charged to the connections measured.
 */
const CONNECT_CONCURRENCY = 1;
const WARM_UP = 50;
const SETTLE_MS = 2_000;
const RSS_READINGS = 5;
const RSS_INTERVAL_MS = 200;

async function readMemory(pid: number, inspector: Inspector): Promise<MemoryReading> {
  await sleep(SETTLE_MS);
  const heap = await inspector.memoryAfterGc();
  const readings: number[] = [];
  for (let i = 0; i < RSS_READINGS; i++) {
    await sleep(RSS_INTERVAL_MS);
    readings.push(await readRssBytes(pid));
  }
  return {
    rssBytes: median(readings),
    heapUsedBytes: heap.heapUsed,
    heapAndExternalBytes: heap.heapUsed + heap.external,
  };
}

/** Memory of a fresh server process before and after `connections` clients connect and subscribe. */
export async function runIdleCost(setup: IdleCostSetup): Promise<IdleCostResult> {
  const server = await setup.start();
  const clients: IdleCostClient[] = [];
  let inspector: Inspector | undefined;
  try {
    if (!server.inspectorUrl) throw new Error(`${server.label} printed no inspector URL`);
    inspector = await connectInspector(server.inspectorUrl);
    const warmUp = await mapLimit(Math.min(WARM_UP, setup.connections), 10, (i) => setup.open(server, i));
    await Promise.allSettled(warmUp.map(async (client) => client.close()));
    const before = await readMemory(server.pid, inspector);
    progress(`idle cost ${setup.label}: opening ${setup.connections} connections`);
    const openedAt = performance.now();
    await mapLimit(setup.connections, CONNECT_CONCURRENCY, async (i) => {
      clients.push(await setup.open(server, i));
    });
    const openAllSeconds = (performance.now() - openedAt) / 1000;
    const after = await readMemory(server.pid, inspector);
    const connect = summarize(clients.map((client) => client.connectMs));
    const ready = summarize(clients.map((client) => client.readyMs));
    await Promise.allSettled(clients.splice(0).map(async (client) => client.close()));
    const afterClose = await readMemory(server.pid, inspector);
    return {
      label: setup.label,
      holds: setup.holds,
      connections: setup.connections,
      before,
      after,
      afterClose,
      rssBytesPerConnection: (after.rssBytes - before.rssBytes) / setup.connections,
      heapBytesPerConnection: (after.heapAndExternalBytes - before.heapAndExternalBytes) / setup.connections,
      connect,
      ready,
      openAllSeconds,
      warmUpConnections: Math.min(WARM_UP, setup.connections),
    };
  } finally {
    inspector?.close();
    await Promise.allSettled(clients.map(async (client) => client.close()));
    await setup.stop(server);
  }
}
