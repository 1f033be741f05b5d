import { once } from "node:events";
import { createConnection } from "node:net";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "./testing";

async function reachable(port: number): Promise<boolean> {
  const socket = createConnection({ port, host: "127.0.0.1" });
  try {
    await once(socket, "connect");
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

describe("startRedisServer", () => {
  it("starts a private server that can be killed, restarted on the same port and stopped", async () => {
    const server = await startRedisServer();
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      const client = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      client.disconnect();

      await server.kill();
      expect(await reachable(server.port)).toBe(false);
      await server.restart();
      expect(await reachable(server.port)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await reachable(server.port)).toBe(false);
    await server.stop();
  });

  it("runs servers side by side on different ports", async () => {
    const servers = await Promise.all([startRedisServer(), startRedisServer()]);
    try {
      expect(servers[0]?.port).not.toBe(servers[1]?.port);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});
