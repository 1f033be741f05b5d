import { type ServerProcess, spawnServer } from "../util/child";
import { repoRoot } from "../util/paths";

/**
 * Every bench client dials from 127.0.0.1, standing in for thousands of addresses: the per-IP cap on sockets not
 * yet signed in (WS_MAX_ANONYMOUS_PER_IP, 100) would refuse a connection burst that real clients spread over
 * their own IPs. Raised in every Pulse process the bench starts, and printed with the report.
 */
export const BENCH_WIDE_SETTINGS: Readonly<Record<string, string>> = { WS_MAX_ANONYMOUS_PER_IP: "100000" };

export interface PulseEnvironment {
  databaseUrl: string;
  redisUrl: string;
  /** Settings the bench changes for this run (printed in the report), e.g. a raised MUTATIONS_PER_USER_PER_MINUTE. */
  overrides?: Record<string, string>;
}

/**
 * The real server, as deployed in distributed mode: `node apps/server/dist/main.js` (the compiled build, which
 * `npm run bench` makes first) with DATABASE_URL
 * and REDIS_URL, on a free loopback port, without the demo community. Every other setting keeps its default
 * (including the WebSocket and rate limits); the separate worker process is not started (session housekeeping only).
 */
export function startPulseServer(label: string, env: PulseEnvironment, inspect = false): Promise<ServerProcess> {
  return spawnServer({
    label,
    // PULSE_BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": extra node flags for profiling a run.
    args: [...extraNodeArgs(), "apps/server/dist/main.js"],
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      ...BENCH_WIDE_SETTINGS,
      ...env.overrides,
    },
    // The banner names localhost; the bench always dials 127.0.0.1 (HOST), never ::1.
    ready: /Pulse is running at http:\/\/[^:/]+:(\d+)/,
    inspect,
  });
}

function extraNodeArgs(): string[] {
  return process.env.PULSE_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
}

export function instanceLabel(index: number): string {
  return `pulse ${String.fromCharCode(65 + index)}`;
}
