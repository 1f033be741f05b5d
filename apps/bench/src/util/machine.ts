import { execFile } from "node:child_process";
import os from "node:os";
import { promisify } from "node:util";
import { loadTestEnv } from "@pulse/config";
import { postgresVersion } from "./database";

export interface MachineDescription {
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  os: string;
  node: string;
  redisServer: string;
  postgres: string;
  /** os.loadavg() (1, 5, 15 min) when the run started: other work on the machine skews every number. */
  loadAverageAtStart: number[];
}

async function redisServerVersion(): Promise<string> {
  const { stdout } = await promisify(execFile)(loadTestEnv().REDIS_SERVER_BIN, ["--version"]);
  return stdout.trim();
}

export async function describeMachine(pgAdminUrl: string): Promise<MachineDescription> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redisServer: await redisServerVersion(),
    postgres: await postgresVersion(pgAdminUrl),
    loadAverageAtStart: os.loadavg(),
  };
}
