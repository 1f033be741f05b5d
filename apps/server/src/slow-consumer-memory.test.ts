import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { channels } from "@pulse/api";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ProbeMemory, ProbeReply, ProbeRequest } from "./memory-probe-server";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const hasPostgres = (await testDrivers()).includes("postgres");
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const probeScript = fileURLToPath(new URL("./memory-probe-server.ts", import.meta.url));
const MiB = 1024 * 1024;
const waitLong = { timeout: 30_000, interval: 100 };
const FLOOD = 20_000;

/** The server process under test, asked over IPC, one request at a time. */
class Probe {
  constructor(readonly child: ChildProcess) {}

  async ask<Type extends ProbeRequest["type"]>(type: Type): Promise<Extract<ProbeReply, { type: Type }>> {
    const reply = once(this.child, "message") as Promise<[ProbeReply]>;
    this.child.send({ type } satisfies ProbeRequest);
    const [message] = await reply;
    if (message.type !== type) throw new Error(`expected ${type}, got ${message.type}`);
    return message as Extract<ProbeReply, { type: Type }>;
  }

  async memory(): Promise<ProbeMemory> {
    return (await this.ask("measure")).memory;
  }
}

async function startProbe(env: Record<string, string>): Promise<{ probe: Probe; url: string }> {
  const child = fork(probeScript, [], {
    cwd: repoRoot,
    execArgv: ["--expose-gc", "--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [ProbeReply];
  if (ready.type !== "ready") throw new Error(`probe sent ${ready.type} first`);
  return { probe: new Probe(child), url: ready.url };
}

/** A notification as another instance publishes it, padded to about 1 KiB. */
function notificationMessage(seq: number): string {
  return JSON.stringify({
    type: "new",
    notification: {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      seq,
      kind: "MENTION",
      actor: { id: "00000000-0000-4000-8000-000000000000", username: "flooder", displayName: "x".repeat(900) },
      tweetId: null,
      preview: null,
      createdAt: new Date(0).toISOString(),
      read: false,
    },
  });
}

const held = (memory: ProbeMemory) => memory.heapUsed + memory.external;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

describe.skipIf(!hasPostgres)("memory held for a slow consumer (real server process)", () => {
  let redis: RedisServer;
  let database: TestDatabase;
  let dataDir: string;
  let probe: Probe;
  let url: string;
  let publisher: Redis;
  const sockets: RawClient[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase("postgres");
    dataDir = await mkdtemp(join(tmpdir(), "pulse-memory-"));
    ({ probe, url } = await startProbe({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      LOG_LEVEL: "error",
      DATABASE_URL: database.url as string,
      REDIS_URL: redis.url,
    }));
    publisher = new Redis(redis.url);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    publisher?.disconnect();
    if (probe) {
      const exited = once(probe.child, "exit");
      probe.child.disconnect();
      await exited;
    }
    await redis?.stop();
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Publishes seqs 1..FLOOD on the member's inbox, as other instances would; returns the bytes offered. */
  async function flood(userId: string): Promise<number> {
    const channel = channels.userNotifications(userId).name;
    let bytes = 0;
    for (let start = 1; start <= FLOOD; start += 500) {
      const pipeline = publisher.pipeline();
      for (let seq = start; seq < start + 500; seq++) {
        const message = notificationMessage(seq);
        bytes += message.length;
        pipeline.publish(channel, message);
      }
      await pipeline.exec();
    }
    return bytes;
  }

  /**
   * A fresh member (its stream is empty, so the flood's seqs go out straight from Redis) subscribes, stops reading
   * and is flooded until the server cuts it. Returns the memory while the socket is closing and the bytes offered.
   */
  async function pausedSocketCycle(name: string, closesBefore: number) {
    const member = await signUp(url, name);
    const socket = await connectRaw(url, { token: member.token });
    sockets.push(socket);
    await socket.subscribe("notification.onNew");
    socket.socket.pause();
    const offered = await flood(member.user.id);
    const closing = await probe.memory();
    await vi.waitFor(async () => {
      const stats = await probe.ask("stats");
      expect(stats.slowConsumerCloses).toBe(closesBefore + 1);
      expect(stats.connections).toBe(0);
    }, waitLong);
    return { closing, offered };
  }

  it("gives back what a paused socket made it hold once the socket is gone, cycle after cycle", async () => {
    // Warm-up: code paths, caches and pools the server keeps whatever happens are not counted as held.
    await pausedSocketCycle("warm_paused", 0);
    const listenersBefore = (await probe.ask("stats")).listeners;
    const baseline = await probe.memory();
    const cycles = [];
    for (let cycle = 1; cycle <= 2; cycle++) {
      const { closing, offered } = await pausedSocketCycle(`paused_${cycle}`, cycle);
      const after = await probe.memory();
      cycles.push({
        offeredMiB: mib(offered),
        whileClosingMiB: mib(held(closing) - held(baseline)),
        afterCloseMiB: mib(held(after) - held(baseline)),
        afterCloseRssMiB: mib(after.rss - baseline.rss),
        retained: held(after) - held(baseline),
        offered,
      });
    }
    console.info(
      "slow consumer memory (heap + external after full GC, relative to baseline)",
      JSON.stringify(cycles.map(({ retained, offered, ...shown }) => shown)),
    );
    expect((await probe.ask("stats")).listeners).toBe(listenersBefore);
    for (const { retained, offered } of cycles) {
      // A socket (or its frames) kept after close would hold a share of what it was offered: ~20 MiB per cycle.
      expect(retained).toBeLessThan(offered * 0.1);
    }
    const [first, second] = cycles;
    // Nothing accumulates from one slow consumer to the next.
    expect((second?.retained ?? 0) - (first?.retained ?? 0)).toBeLessThan((second?.offered ?? 0) * 0.05);
  }, 120_000);
});
