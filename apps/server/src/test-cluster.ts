import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppRouter } from "@pulse/api";
import { createPulseClient, type PulseClient } from "@pulse/client";
import { parseConfig } from "@pulse/config";
import { createTestDatabase, type TestDatabase } from "@pulse/db/testing";
import { startRedisServer } from "@pulse/realtime/testing";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import pino from "pino";
import WebSocket from "ws";
import { type PulseServer, startPulseServer } from "./app";

type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

export interface TestCluster {
  servers: PulseServer[];
  redis: RedisServer;
  database: TestDatabase;
  /** Signs up a fresh member; `tab(i)` opens one more authenticated client against server i. */
  member(): Promise<{ user: { id: string; username: string }; token: string; tab(server?: number): PulseClient }>;
  close(): Promise<void>;
}

let memberCounter = 0;

/** N in-process server instances sharing one PostgreSQL database and one private redis-server: distributed mode. */
export async function startTestCluster(instances: number, env: Record<string, string> = {}): Promise<TestCluster> {
  const redis = await startRedisServer();
  const database = await createTestDatabase("postgres");
  const dataDir = await mkdtemp(join(tmpdir(), "pulse-cluster-"));
  const servers: PulseServer[] = [];
  for (let index = 0; index < instances; index++) {
    const config = parseConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      ...env,
    });
    servers.push(await startPulseServer({ config, logger: pino({ level: config.LOG_LEVEL }) }));
  }
  const clients: PulseClient[] = [];
  const open = (server: number, token?: string) => {
    const target = servers[server];
    if (!target) throw new Error(`no server ${server}`);
    const client = createPulseClient({ url: target.url, ...(token ? { token } : {}) });
    clients.push(client);
    return client;
  };
  return {
    servers,
    redis,
    database,
    async member() {
      const name = `member${++memberCounter}_${process.pid}`;
      const { token, user } = await open(0).trpc.auth.signup.mutate({
        username: name,
        password: "correct horse battery",
      });
      return { user, token, tab: (server = 0) => open(server, token) };
    },
    async close() {
      for (const client of clients) client.close();
      for (const server of servers) await server.close();
      await redis.stop();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type NotificationItem = { id: string; type: "event" | "reset"; seq?: number; kind?: string };

/** One tab subscribed to notification.onNew, recording every tracked item it receives. */
export function subscribeNotifications(client: PulseClient, lastEventId: string | null) {
  const received: NotificationItem[] = [];
  const subscription = client.trpc.notification.onNew.subscribe(
    { lastEventId },
    {
      onData: ({ id, data }) =>
        received.push(
          data.type === "event"
            ? { id, type: "event", seq: data.event.seq, kind: data.event.kind }
            : { id, type: "reset" },
        ),
    },
  );
  return { received, seqs: () => received.map((item) => item.seq), unsubscribe: () => subscription.unsubscribe() };
}

/** A client that sends every operation over one WebSocket, recording how the socket closes. */
export function wsOnlyClient(url: string, options: { token?: string; headers?: Record<string, string> } = {}) {
  const closes: number[] = [];
  const wsClient = createWSClient({
    url: `${url.replace(/^http/, "ws")}/trpc`,
    WebSocket: class extends WebSocket {
      constructor(address: string | URL) {
        super(address, { headers: options.headers });
      }
    } as unknown as typeof globalThis.WebSocket,
    connectionParams: options.token ? { token: options.token } : {},
    retryDelayMs: () => 60_000,
    onClose: (cause) => closes.push(cause?.code ?? 0),
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  return { trpc, closes, close: () => wsClient.close() };
}
