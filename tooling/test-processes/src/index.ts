import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
}

export interface ServerProcess extends RunningProcess {
  /** The URL from the start banner. */
  url: string;
}

/** Runs a command from the repo root the way a newcomer would, in its own process group, capturing its output. */
export function runFromRepoRoot([command, ...args]: string[], env: Record<string, string>): RunningProcess {
  if (!command) throw new Error("no command");
  // Test harness only: the child inherits this environment plus the overrides.
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/** Children that stopServerProcess is stopping: any other exit of a started server is a finding worth printing. */
const stopping = new WeakSet<ChildProcess>();

/** Starts a server process and waits for its banner (`PORT=0` picks a free port; the banner names it). */
export async function startServerProcess(
  command: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  const started = runFromRepoRoot(command, env);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = started.stderr().match(/Pulse is running at (http:\/\/\S+)/);
    if (match?.[1]) {
      // A server dying mid-test otherwise shows up only as "connection refused" in whatever test ran next.
      started.child.once("exit", (code, signal) => {
        if (stopping.has(started.child)) return;
        console.error(
          `server ${match[1]} exited unexpectedly (code ${code}, signal ${signal}); its stderr ends:\n${started.stderr().slice(-4_000)}\nstdout ends:\n${started.stdout().slice(-4_000)}`,
        );
      });
      return { ...started, url: match[1] };
    }
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(-(started.child.pid as number), "SIGKILL");
  throw new Error(`server did not start:\n${started.stderr()}\n${started.stdout()}`);
}

/**
 * SIGTERM to the started command, as a supervisor would send it (npm and tsx relay it to the server). Resolves once
 * every process of the group has closed its output, i.e. the server itself has exited.
 */
export async function stopServerProcess({ child }: RunningProcess): Promise<void> {
  if (child.stdout?.readableEnded && child.stderr?.readableEnded) return;
  stopping.add(child);
  const closed = once(child, "close");
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), 30_000);
  await closed;
  clearTimeout(timer);
}
