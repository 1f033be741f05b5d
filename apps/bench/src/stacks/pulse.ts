import { performance } from "node:perf_hooks";
import { createPulseClient, type PulseClient } from "@pulse/client";
import type { Account } from "../pulse/accounts";
import type { Community } from "../pulse/community";
import { instanceLabel, type PulseEnvironment, startPulseServer } from "../pulse/server";
import type { ServerProcess } from "../util/child";
import { within } from "../util/pool";
import type { OpenClient, Stack } from "./stack";

const CONNECT_TIMEOUT_MS = 20_000;

/** The last error the client's WebSocket reported, for messages about connections that never came up. */
function trackLastError(client: PulseClient): () => string {
  let last = "none";
  client.connectionState.subscribe({
    next: (state) => {
      if (state.error) last = state.error.message;
    },
  });
  return () => last;
}

/**
 * Opens a Pulse connection of `account` and subscribes `notification.onNew` (from now on); resolves once the server
 * acknowledged the subscription ("started": WebSocket open, connectionParams token checked, procedure accepted).
 */
export async function openNotificationClient(
  server: ServerProcess,
  account: Account,
  onTweetEvent?: (tweetId: string) => void,
): Promise<OpenClient> {
  const startedAt = performance.now();
  const client = createPulseClient({ url: server.url, token: account.token });
  const lastError = trackLastError(client);
  try {
    await within(
      CONNECT_TIMEOUT_MS,
      `${account.username} → ${server.label}: no subscription ack within ${CONNECT_TIMEOUT_MS} ms`,
      new Promise<void>((resolve, reject) => {
        client.trpc.notification.onNew.subscribe(
          { lastEventId: null },
          {
            onStarted: () => resolve(),
            onError: (error) => reject(error),
            onData: (envelope) => {
              const tweetId = envelope.data.type === "event" ? envelope.data.event.tweetId : null;
              if (tweetId && onTweetEvent) onTweetEvent(tweetId);
            },
          },
        );
      }),
    );
  } catch (error) {
    client.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason} (last connection error: ${lastError()})`);
  }
  return { connectMs: performance.now() - startedAt, close: () => client.close() };
}

export interface PulseStackOptions {
  env: PulseEnvironment;
  community: Community;
}

/** The real Pulse server(s): tRPC over HTTP + WebSocket, PostgreSQL, Redis Pub/Sub between instances. */
export function createPulseStack(options: PulseStackOptions): Stack {
  const { community } = options;
  /** One @pulse/client per driver and server, opened at the first sample through that server. */
  const drivers = new Map<string, PulseClient[]>();
  const driverOf = (server: ServerProcess, sample: number): PulseClient => {
    let clients = drivers.get(server.url);
    if (!clients) {
      clients = community.drivers.map((account) => createPulseClient({ url: server.url, token: account.token }));
      drivers.set(server.url, clients);
    }
    return clients[sample % clients.length] as PulseClient;
  };

  return {
    name: "pulse",
    description:
      "Pulse: tweet.create('@bob …') over HTTP (session check, one PostgreSQL transaction: tweet + MENTION " +
      "notification with its sequence number) → Redis PUBLISH after commit → bob's instance → notification.onNew frame",
    start: (count, startOptions) =>
      Promise.all(
        Array.from({ length: count }, (_, index) =>
          startPulseServer(instanceLabel(index), options.env, startOptions?.inspect === true),
        ),
      ),
    openIdle: (server, user) => {
      const account = community.idle[user % community.idle.length];
      if (!account) throw new Error("no idle accounts were signed up");
      return openNotificationClient(server, account);
    },
    openTarget: (server, onEvent) => openNotificationClient(server, community.bob, onEvent),
    async trigger(server, sample) {
      const tweet = await driverOf(server, sample).trpc.tweet.create.mutate({
        content: `@bob latency sample ${sample}`,
      });
      return tweet.id;
    },
    async stopServers(servers) {
      for (const server of servers) {
        for (const client of drivers.get(server.url) ?? []) client.close();
        drivers.delete(server.url);
      }
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
