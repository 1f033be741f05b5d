import { performance } from "node:perf_hooks";
import { createPulseClient } from "@pulse/client";
import type { ServerProcess } from "../util/child";
import { within } from "../util/pool";
import type { Account } from "./accounts";

export interface ThreeSubscriptionClient {
  /** Connect → notification.onNew acknowledged (WebSocket open, token checked, first subscription started). */
  connectMs: number;
  /** Connect → all three acknowledged and both state streams delivered their first state. */
  readyMs: number;
  close(): void;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * What a signed-in web tab holds: one authenticated WebSocket with notification.onNew, notification.onUnreadCount
 * and engagement.onUpdate on one tweet.
 */
export async function openThreeSubscriptions(
  server: ServerProcess,
  account: Account,
  tweetId: string,
): Promise<ThreeSubscriptionClient> {
  const startedAt = performance.now();
  const client = createPulseClient({ url: server.url, token: account.token });
  let connectMs = Number.NaN;
  try {
    await within(
      READY_TIMEOUT_MS,
      `${account.username} → ${server.label}: three subscriptions not ready within ${READY_TIMEOUT_MS} ms`,
      Promise.all([
        new Promise<void>((resolve, reject) => {
          client.trpc.notification.onNew.subscribe(
            { lastEventId: null },
            {
              onStarted: () => {
                connectMs = performance.now() - startedAt;
                resolve();
              },
              onError: reject,
            },
          );
        }),
        new Promise<void>((resolve, reject) => {
          client.trpc.notification.onUnreadCount.subscribe(undefined, { onData: () => resolve(), onError: reject });
        }),
        new Promise<void>((resolve, reject) => {
          client.trpc.engagement.onUpdate.subscribe({ tweetId }, { onData: () => resolve(), onError: reject });
        }),
      ]),
    );
  } catch (error) {
    client.close();
    throw error;
  }
  return { connectMs, readyMs: performance.now() - startedAt, close: () => client.close() };
}
