import WebSocket from "ws";
import { within } from "./pool";

/** process.memoryUsage() of the inspected process, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface Inspector {
  /** Forces a full garbage collection in the inspected process, then reads its process.memoryUsage(). */
  memoryAfterGc(): Promise<MemoryUsage>;
  close(): void;
}

interface CdpReply {
  id?: number;
  result?: { result?: { value?: unknown } };
  error?: { message?: string };
}

const CALL_TIMEOUT_MS = 30_000;

/**
 * A minimal Chrome DevTools Protocol client for a child started with --inspect=127.0.0.1:0: the bench reads the
 * server's heap through Node's own inspector, so the server exposes nothing new.
 */
export async function connectInspector(url: string): Promise<Inspector> {
  const socket = new WebSocket(url);
  await within(
    10_000,
    `inspector ${url} did not open`,
    new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    }),
  );
  let nextId = 1;
  const pending = new Map<number, { resolve(reply: CdpReply): void; reject(error: Error): void }>();
  socket.on("message", (data) => {
    const reply = JSON.parse(String(data)) as CdpReply;
    if (reply.id === undefined) return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) waiter?.reject(new Error(`inspector: ${reply.error.message ?? "error"}`));
    else waiter?.resolve(reply);
  });
  socket.on("error", () => {});

  const call = (method: string, params: Record<string, unknown> = {}) => {
    const id = nextId++;
    const reply = new Promise<CdpReply>((resolve, reject) => pending.set(id, { resolve, reject }));
    socket.send(JSON.stringify({ id, method, params }));
    return within(CALL_TIMEOUT_MS, `inspector: ${method} timed out`, reply);
  };

  return {
    async memoryAfterGc() {
      await call("HeapProfiler.collectGarbage");
      const reply = await call("Runtime.evaluate", {
        expression: "JSON.stringify(process.memoryUsage())",
        returnByValue: true,
      });
      const value = reply.result?.result?.value;
      if (typeof value !== "string") throw new Error("inspector: process.memoryUsage() gave no value");
      return JSON.parse(value) as MemoryUsage;
    },
    close: () => socket.close(),
  };
}
