import { Redis } from "ioredis";
import { sumCalls } from "../match/counters";
import type { StepWork } from "../throughput/step-summary";
import { readCpuMs } from "../util/proc";
import type { ScaleStack } from "./stacks";

interface Reading {
  serverCpuMs: number;
  workerCpuMs: number;
  loadGeneratorCpuMs: number;
  redisCommands: number;
}

export interface WorkMeter {
  read(): Promise<Reading>;
  close(): void;
}

async function sumCpu(pids: readonly number[]): Promise<number> {
  // A process that is gone has no more CPU to report.
  const each = await Promise.all(pids.map((pid) => readCpuMs(pid).catch(() => 0)));
  return each.reduce((sum, ms) => sum + ms, 0);
}

/**
 * CPU of the stack's two server processes and its worker (/proc/<pid>/stat), of the load generator
 * (process.cpuUsage) and the stack's Redis commands (INFO commandstats: every command of its own redis-server,
 * this meter's one INFO per reading included).
 */
export async function openWorkMeter(stack: ScaleStack): Promise<WorkMeter> {
  const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  await redis.connect();
  return {
    async read() {
      const usage = process.cpuUsage();
      const [serverCpuMs, workerCpuMs, stats] = await Promise.all([
        sumCpu(stack.servers.map((server) => server.pid)),
        sumCpu(stack.workers.map((worker) => worker.pid)),
        redis.info("commandstats"),
      ]);
      return {
        serverCpuMs,
        workerCpuMs,
        loadGeneratorCpuMs: (usage.user + usage.system) / 1000,
        redisCommands: sumCalls(stats),
      };
    },
    close: () => redis.disconnect(),
  };
}

export function workBetween(stack: ScaleStack, before: Reading, after: Reading): StepWork {
  return {
    serverCpuMs: after.serverCpuMs - before.serverCpuMs,
    workerCpuMs: stack.workers.length > 0 ? after.workerCpuMs - before.workerCpuMs : null,
    loadGeneratorCpuMs: after.loadGeneratorCpuMs - before.loadGeneratorCpuMs,
    redisCommands: after.redisCommands - before.redisCommands,
  };
}
