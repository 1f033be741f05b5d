import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { keyOf } from "../peers/protocol";
import { type ServerProcess, spawnServer } from "../util/child";
import { benchRoot, repoRoot } from "../util/paths";
import { within } from "../util/pool";
import { idleUserId, notifyThrough, TARGET_USER } from "./peer-driver";
import type { OpenClient, Stack } from "./stack";

const CONNECT_TIMEOUT_MS = 15_000;

export async function connectRawWs(
  server: ServerProcess,
  user: string,
  onEvent?: (key: string) => void,
): Promise<OpenClient> {
  const startedAt = performance.now();
  const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/ws?user=${encodeURIComponent(user)}`);
  try {
    await within(
      CONNECT_TIMEOUT_MS,
      `ws connect to ${server.label} timed out`,
      new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.once("close", (code) => reject(new Error(`closed with ${code} before ready`)));
        socket.once("message", () => resolve());
      }),
    );
  } catch (error) {
    socket.terminate();
    throw error;
  }
  const connectMs = performance.now() - startedAt;
  socket.on("error", () => {});
  if (onEvent) {
    socket.on("message", (data) => {
      const key = keyOf(JSON.parse(String(data)));
      if (key) onEvent(key);
    });
  }
  return { connectMs, close: () => socket.close() };
}

/** The floor: plain ws + ioredis (src/peers/raw-ws-server.ts). */
export function createRawWsStack(options: { redisUrl: string; drivers: number }): Stack {
  return {
    name: "raw",
    description:
      "raw ws 8 + ioredis: POST /notify → Redis PUBLISH user:<id> → SUBSCRIBEd instance(s) → ws.send; " +
      "no auth, no database",
    async start(count, startOptions) {
      return Promise.all(
        Array.from({ length: count }, (_, index) =>
          spawnServer({
            label: `raw ws ${index === 0 ? "A" : "B"}`,
            args: ["--import", "tsx", `${benchRoot}src/peers/raw-ws-server.ts`, "--redis", options.redisUrl],
            cwd: repoRoot,
            env: process.env,
            ready: /^peer listening on http:\/\/127\.0\.0\.1:(\d+)$/,
            inspect: startOptions?.inspect === true,
          }),
        ),
      );
    },
    openIdle: (server, user) => connectRawWs(server, idleUserId(user)),
    openTarget: (server, onEvent) => connectRawWs(server, TARGET_USER, onEvent),
    trigger: (server, sample) => notifyThrough(server, sample, options.drivers),
    async stopServers(servers) {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
