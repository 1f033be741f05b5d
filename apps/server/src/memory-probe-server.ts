import { loadConfig } from "@pulse/config";
import pino from "pino";
import { startPulseServer } from "./app";

/**
 * A Pulse server process for memory tests, forked with `--expose-gc` and an IPC channel: it answers "measure" with
 * its memory after full collections and "stats" with its connection count, so a test sees what the server holds
 * without its own heap mixed in. Ends when the parent disconnects.
 */

export type ProbeRequest = { type: "measure" } | { type: "stats" };
export type ProbeMemory = { heapUsed: number; external: number; rss: number };
export type ProbeReply =
  | { type: "ready"; url: string }
  | { type: "measure"; memory: ProbeMemory }
  | { type: "stats"; connections: number; listeners: number; slowConsumerCloses: number };

const collect = globalThis.gc;
if (!collect || !process.send) throw new Error("fork this with --expose-gc and an IPC channel");
const send = (reply: ProbeReply) => process.send?.(reply);

/** Full collections until the heap stops shrinking: weak maps and finalizers can take more than one. */
async function measure(): Promise<ProbeMemory> {
  let previous = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 10; pass++) {
    collect?.();
    await new Promise((resolve) => setImmediate(resolve));
    const { heapUsed } = process.memoryUsage();
    if (heapUsed >= previous - 64 * 1024) break;
    previous = heapUsed;
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

const config = loadConfig();
const server = await startPulseServer({ config, logger: pino({ level: config.LOG_LEVEL }) });
process.on("message", (request: ProbeRequest) => {
  if (request.type === "measure") void measure().then((memory) => send({ type: "measure", memory }));
  else
    send({
      type: "stats",
      connections: server.connectionCount,
      listeners: server.bus.localListenerCount,
      slowConsumerCloses: server.wsCloses.get("SLOW_CONSUMER") ?? 0,
    });
});
process.once("disconnect", () => {
  void server.close().finally(() => process.exit(0));
});
send({ type: "ready", url: server.url });
