import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { onCleanup } from "./cleanup";

/** A process the bench started (a server, a worker), running until `stop`. */
export interface ChildHandle {
  readonly label: string;
  readonly pid: number;
  /** Log lines at warn level or above (pino level ≥ 40), or any stderr line after start-up. */
  readonly problems: ProblemLog;
  /** ws://127.0.0.1:<port>/<id> of Node's inspector, when started with `inspect`. */
  readonly inspectorUrl: string | undefined;
  /** SIGTERM, then SIGKILL after a grace period; harmless to call twice. */
  stop(): Promise<void>;
}

/** A server the bench started as a child process, listening on a loopback port. */
export interface ServerProcess extends ChildHandle {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
}

export interface ProblemLog {
  count: number;
  /** The first few, verbatim (cut at 500 characters each). */
  first: string[];
}

export interface SpawnServerOptions {
  label: string;
  /** Arguments to `node`, e.g. ["--import", "tsx", "apps/server/src/main.ts"]. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Matched against each output line until one matches; for `spawnServer`, group 1 is the port. */
  ready: RegExp;
  readyTimeoutMs?: number;
  /** Start with --inspect=127.0.0.1:0 (to read the heap after a forced GC; see inspector.ts). */
  inspect?: boolean;
  /** Sees every output line (stdout and stderr), before and after start-up, e.g. to pick out log messages. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

const STOP_GRACE_MS = 8_000;
const KEPT_PROBLEMS = 10;
const OUTPUT_TAIL_CHARS = 4_000;

/** Every server started in this run, in order, with its problem log (kept after it stopped, for the report). */
const history: Array<{ label: string; problems: ProblemLog }> = [];

export function serverHistory(): ReadonlyArray<{ label: string; problems: ProblemLog }> {
  return history;
}

/** Every child still running: SIGKILLed when the bench process exits, whatever the reason. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** What Node's inspector prints on stderr: not a problem of the server. */
const INSPECTOR_CHATTER =
  /^(Debugger listening on|Debugger attached|Debugger ending|For help, see:|Waiting for the debugger)/;

function isProblem(line: string, started: boolean, stream: "stdout" | "stderr"): boolean {
  if (line.trim() === "" || INSPECTOR_CHATTER.test(line)) return false;
  if (line.startsWith("{")) {
    try {
      const level: unknown = (JSON.parse(line) as { level?: unknown }).level;
      return typeof level === "number" ? level >= 40 : false;
    } catch {
      return true;
    }
  }
  return started && stream === "stderr";
}

function note(problems: ProblemLog, line: string): void {
  problems.count++;
  if (problems.first.length < KEPT_PROBLEMS) problems.first.push(line.slice(0, 500));
}

/** SIGTERM, SIGKILL after STOP_GRACE_MS; a forced kill or a non-zero exit is noted as a problem. */
async function stopChild(child: ChildProcess, problems: ProblemLog): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const escalate = setTimeout(() => {
    note(problems, `did not exit within ${STOP_GRACE_MS} ms of SIGTERM; killed`);
    child.kill("SIGKILL");
  }, STOP_GRACE_MS);
  const [code] = (await exited) as [number | null];
  clearTimeout(escalate);
  if (code !== null && code !== 0) note(problems, `exited with code ${code} after SIGTERM`);
}

/**
 * Spawns `node <args>` and resolves once a line matches `ready` (with that match); rejects with the output if it
 * exits or times out first.
 */
export async function spawnChild(options: SpawnServerOptions): Promise<ChildHandle & { ready: RegExpExecArray }> {
  const args = options.inspect ? ["--inspect=127.0.0.1:0", ...options.args] : options.args;
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const problems: ProblemLog = { count: 0, first: [] };
  history.push({ label: `${options.label} (#${history.length + 1})`, problems });
  let stopping = false;
  running.add(child);
  child.once("exit", (code, signal) => {
    running.delete(child);
    if (!stopping) note(problems, `exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const stop = onCleanup(`stop ${options.label}`, () => {
    stopping = true;
    return stopChild(child, problems);
  });

  let tail = "";
  let started = false;
  let inspectorUrl: string | undefined;
  let onReady: (match: RegExpExecArray) => void = () => {};
  const readyLine = new Promise<RegExpExecArray>((resolve) => (onReady = resolve));
  const watch = (stream: "stdout" | "stderr") => {
    const source = stream === "stdout" ? child.stdout : child.stderr;
    if (!source) return;
    createInterface({ input: source }).on("line", (line) => {
      tail = `${tail}${line}\n`.slice(-OUTPUT_TAIL_CHARS);
      inspectorUrl ??= /^Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
      options.onLine?.(line, stream);
      const match = started ? null : options.ready.exec(line);
      if (match) {
        started = true;
        onReady(match);
        return;
      }
      if (isProblem(line, started, stream)) note(problems, line);
    });
  };
  watch("stdout");
  watch("stderr");

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    child.once("error", (error) => reject(new Error(`${options.label}: could not start: ${error.message}`)));
    child.once("exit", (code, signal) =>
      reject(new Error(`${options.label} exited before it was ready (code ${code}, signal ${signal}):\n${tail}`)),
    );
    timer = setTimeout(
      () => reject(new Error(`${options.label} was not ready within ${timeoutMs} ms:\n${tail}`)),
      timeoutMs,
    );
  });
  try {
    const ready = await Promise.race([readyLine, failure]);
    if (child.pid === undefined) throw new Error(`${options.label} has no pid`);
    // Later exits must not surface as unhandled rejections.
    failure.catch(() => {});
    return { label: options.label, pid: child.pid, problems, inspectorUrl, stop, ready };
  } catch (error) {
    failure.catch(() => {});
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** `spawnChild` for a server: the `ready` line's group 1 is the port it listens on (127.0.0.1). */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const { ready, ...child } = await spawnChild(options);
  const port = Number(ready[1]);
  if (!Number.isInteger(port) || port <= 0) {
    await child.stop();
    throw new Error(`${options.label}: no port in its ready line: ${ready[0]}`);
  }
  return { ...child, port, url: `http://127.0.0.1:${port}` };
}
