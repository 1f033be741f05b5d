import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { keyOf } from "../peers/protocol";
import { type ServerProcess, spawnServer } from "../util/child";
import { benchRoot, repoRoot } from "../util/paths";
import { within } from "../util/pool";
import { idleUserId, notifyThrough, TARGET_USER } from "./peer-driver";
import type { OpenClient, Stack } from "./stack";

const CONNECT_TIMEOUT_MS = 15_000;

export async function connectSocketIo(
  server: ServerProcess,
  user: string,
  onEvent?: (key: string) => void,
): Promise<OpenClient> {
  const startedAt = performance.now();
  const socket: Socket = io(server.url, {
    transports: ["websocket"],
    auth: { user },
    // One connection per client: without forceNew socket.io-client multiplexes every io(url) over one socket.
    forceNew: true,
    reconnection: false,
  });
  if (onEvent) {
    socket.on("notification", (message: unknown) => {
      const key = keyOf(message);
      if (key) onEvent(key);
    });
  }
  try {
    await within(
      CONNECT_TIMEOUT_MS,
      `socket.io connect to ${server.label} timed out`,
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      }),
    );
  } catch (error) {
    socket.close();
    throw error;
  }
  return { connectMs: performance.now() - startedAt, close: () => void socket.close() };
}

/** Socket.IO 4 + @socket.io/redis-adapter: the seeds' stack (src/peers/socketio-server.ts). */
export function createSocketIoStack(options: { redisUrl: string; drivers: number }): Stack {
  return {
    name: "socketio",
    description:
      "Socket.IO 4.8 + @socket.io/redis-adapter 8.3: POST /notify → io.to(room).emit (local sockets directly, " +
      "other instances via one Redis PUBLISH) → WebSocket frame; no auth, no database",
    async start(count, startOptions) {
      return Promise.all(
        Array.from({ length: count }, (_, index) =>
          spawnServer({
            label: `socket.io ${index === 0 ? "A" : "B"}`,
            args: ["--import", "tsx", `${benchRoot}src/peers/socketio-server.ts`, "--redis", options.redisUrl],
            cwd: repoRoot,
            env: process.env,
            ready: /^peer listening on http:\/\/127\.0\.0\.1:(\d+)$/,
            inspect: startOptions?.inspect === true,
          }),
        ),
      );
    },
    openIdle: (server, user) => connectSocketIo(server, idleUserId(user)),
    openTarget: (server, onEvent) => connectSocketIo(server, TARGET_USER, onEvent),
    trigger: (server, sample) => notifyThrough(server, sample, options.drivers),
    async stopServers(servers) {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
