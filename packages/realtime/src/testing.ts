import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createConnection, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { loadTestEnv } from "@pulse/config";
import { z } from "zod";
import { type Channel, channelFamily } from "./channel";

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, SIGKILL after a grace period); calling it twice is harmless. */
  stop(): Promise<void>;
  /** SIGKILLs the server, as a crash would; `restart` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts the server again on the same port; waits until it answers PING. */
  restart(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const OUTPUT_TAIL_CHARS = 4_000;
const START_ATTEMPTS = 3;
const STOP_GRACE_MS = 5_000;

/** Every redis-server this process started and has not yet seen exit: killed if the test process exits first. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

async function answersPing(port: number): Promise<boolean> {
  const socket = createConnection({ port, host: "127.0.0.1" });
  socket.setTimeout(1_000, () => socket.destroy(new Error("no reply to PING")));
  try {
    await once(socket, "connect");
    socket.write("PING\r\n");
    const [reply] = await once(socket, "data");
    return String(reply).startsWith("+PONG");
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  const escalate = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(escalate);
}

/** Spawns redis-server on `port` and resolves once it answers PING; rejects with its output if it dies first. */
async function spawnRedis(port: number): Promise<ChildProcess> {
  const bin = loadTestEnv().REDIS_SERVER_BIN;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keepTail);
  child.stderr?.on("data", keepTail);
  const spawnFailed = new Promise<Error>((resolve) => child.once("error", resolve));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const failure = await Promise.race([spawnFailed, sleep(50, undefined)]);
    if (failure) throw new Error(`could not start ${bin}: ${failure.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${bin} on port ${port} exited early:\n${output}`);
    }
    if (await answersPing(port)) return child;
  }
  await stopChild(child, "SIGKILL");
  throw new Error(`${bin} on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

/** A private redis-server for one suite (never the machine's shared one), on a free port. */
export async function startRedisServer(): Promise<RedisServer> {
  installExitHook();
  let child: ChildProcess | undefined;
  let port = 0;
  // Another process may take the free port between our probe and redis-server's bind.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await spawnRedis(port);
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
    }
  }
  let current: ChildProcess | undefined = child;

  const stop = async (signal: NodeJS.Signals) => {
    const stopping = current;
    current = undefined;
    if (stopping) await stopChild(stopping, signal);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stop("SIGTERM"),
    kill: () => stop("SIGKILL"),
    async restart() {
      await stop("SIGTERM");
      current = await spawnRedis(port);
    },
  };
}

const anyMessage = channelFamily(z.unknown(), (name: string) => name);

/** A channel that accepts any JSON value, for tests of the bus itself (the product's channels each have a schema). */
export function testChannel(name: string): Channel<unknown> {
  return anyMessage(name);
}
