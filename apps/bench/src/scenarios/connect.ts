import { performance } from "node:perf_hooks";
import type { Account } from "../pulse/accounts";
import { openWireClient, type WireSubscription } from "../pulse/wire-client";
import { instance, type ScaleStack } from "../scale/stacks";
import type { StackName } from "../stacks/stack";
import type { ServerProcess } from "../util/child";
import { onCleanup } from "../util/cleanup";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";
import { type Summary, summarize } from "../util/stats";

/** One way of connecting: a stack and what each client subscribes to. */
export interface ConnectVariant {
  label: string;
  stack: StackName;
  subscriptions: number;
  holds: string;
  open(server: ServerProcess, client: number): Promise<{ readyMs: number; stateMs: number | null; close(): void }>;
}

export interface ConnectMeasure {
  variant: string;
  stack: StackName;
  subscriptions: number;
  holds: string;
  clients: number;
  /** Connect → every subscription acknowledged, per client. */
  ready: Summary | null;
  /** Pulse with state streams: connect → their first state frames (both). */
  state: Summary | null;
  /** Opening all of them, CONNECT_CONCURRENCY at a time. */
  openAllSeconds: number;
  failed: number;
  errors: string[];
}

export interface ConnectResult {
  sizes: number[];
  concurrency: number;
  socketsPerUser: number;
  measures: ConnectMeasure[];
}

const CONNECT_CONCURRENCY = 50;
const KEPT_ERRORS = 3;

/** The four variants: Pulse with 1 and with 3 subscriptions, Socket.IO (room), raw ws (channel). */
export function connectVariants(
  stacks: readonly ScaleStack[],
  users: readonly Account[],
  socketsPerUser: number,
  tweetId: string,
): ConnectVariant[] {
  const account = (client: number) => {
    const found = users[Math.floor(client / socketsPerUser) % users.length];
    if (!found) throw new Error("no accounts for the connect scenario");
    return found;
  };
  const pulse = (label: string, subscriptions: WireSubscription[], holds: string): ConnectVariant => ({
    label,
    stack: "pulse",
    subscriptions: subscriptions.length,
    holds,
    async open(server, client) {
      // State streams (indices 1, 2) send their current state first: wait for it too.
      const states = subscriptions.map((_, i) => i).slice(1);
      const wire = await openWireClient(server, account(client).token, subscriptions, undefined, states);
      const stateTimes = wire.firstDataMs.slice(1).filter((ms): ms is number => ms !== undefined);
      const stateMs = stateTimes.length > 0 ? Math.max(...stateTimes) : null;
      return { readyMs: wire.readyMs, stateMs, close: wire.close };
    },
  });
  const variants: ConnectVariant[] = [];
  for (const stack of stacks) {
    if (stack.name === "pulse") {
      variants.push(
        pulse(
          "Pulse, 1 subscription",
          [{ path: "notification.onNew", input: { lastEventId: null } }],
          "authenticated WebSocket, notification.onNew",
        ),
        pulse(
          "Pulse, 3 subscriptions",
          [
            { path: "notification.onNew", input: { lastEventId: null } },
            { path: "notification.onUnreadCount", input: undefined },
            { path: "engagement.onUpdate", input: { tweetId } },
          ],
          "authenticated WebSocket, notification.onNew + onUnreadCount + engagement.onUpdate (one tweet)",
        ),
      );
    } else {
      variants.push({
        label: stack.name === "raw" ? "raw ws" : "Socket.IO",
        stack: stack.name,
        subscriptions: 1,
        holds:
          stack.name === "raw"
            ? "WebSocket, channel user:<id> (SUBSCRIBE acknowledged)"
            : "Socket.IO socket, room user:<id>",
        async open(server, client) {
          const opened = await stack.openRecipient(server, Math.floor(client / socketsPerUser));
          return { readyMs: opened.connectMs, stateMs: null, close: () => void opened.close() };
        },
      });
    }
  }
  return variants;
}

async function measure(variant: ConnectVariant, stack: ScaleStack, size: number): Promise<ConnectMeasure> {
  const clients: Array<{ close(): void }> = [];
  const ready: number[] = [];
  const state: number[] = [];
  const errors = new Set<string>();
  let failed = 0;
  const close = onCleanup(`connect clients (${variant.label})`, async () => {
    for (const client of clients) client.close();
    await sleep(500);
  });
  const startedAt = performance.now();
  // Each task catches its own failure: every client is tried and counted.
  await mapLimit(size, CONNECT_CONCURRENCY, async (i) => {
    try {
      const client = await variant.open(instance(stack, i), i);
      clients.push(client);
      ready.push(client.readyMs);
      if (client.stateMs !== null) state.push(client.stateMs);
    } catch (error) {
      failed++;
      if (errors.size < KEPT_ERRORS) errors.add(errorMessage(error));
    }
  });
  const openAllSeconds = (performance.now() - startedAt) / 1000;
  await close();
  progress(
    `connect ${variant.label} × ${size}: ${ready.length} ready in ${openAllSeconds.toFixed(1)} s, ${failed} failed`,
  );
  return {
    variant: variant.label,
    stack: variant.stack,
    subscriptions: variant.subscriptions,
    holds: variant.holds,
    clients: size,
    ready: ready.length ? summarize(ready) : null,
    state: state.length ? summarize(state) : null,
    openAllSeconds,
    failed,
    errors: [...errors],
  };
}

/**
 * Connect-to-ready at each size: `size` clients opened CONNECT_CONCURRENCY at a time, alternating instances A/B,
 * `socketsPerUser` per user; each is timed from its connect to the acknowledgement of its subscription(s). All
 * clients of one size are then closed before the next size or variant.
 */
export async function runConnect(
  stacks: readonly ScaleStack[],
  variants: readonly ConnectVariant[],
  sizes: readonly number[],
  socketsPerUser: number,
): Promise<ConnectResult> {
  const measures: ConnectMeasure[] = [];
  for (const variant of variants) {
    const stack = stacks.find((candidate) => candidate.name === variant.stack);
    if (!stack) continue;
    for (const size of sizes) measures.push(await measure(variant, stack, size));
  }
  return { sizes: [...sizes], concurrency: CONNECT_CONCURRENCY, socketsPerUser, measures };
}
