import { performance } from "node:perf_hooks";
import { createPulseClient, type PulseClient } from "@pulse/client";
import type { Community } from "../pulse/community";
import { createHttpClient } from "../pulse/http-client";
import type { Stack } from "../stacks/stack";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep, within } from "../util/pool";
import { type Summary, summarize } from "../util/stats";

export interface BurstResult {
  likes: number;
  likesOk: number;
  errors: Record<string, number>;
  concurrency: number;
  watchers: number;
  /** First like sent → last like answered. */
  sendSeconds: number;
  likesPerSecond: number;
  /** Each like's HTTP round trip. */
  likeResponse: Summary | null;
  /** engagement.onUpdate messages per watcher after its initial state (coalesced: ≤ 1 per 250 ms). */
  messagesPerWatcher: Summary | null;
  /** First like sent → this watcher saw likes === likesOk; one value per watcher that did. */
  finalCountAt: Summary | null;
  watchersWithFinalCount: number;
  /** LIKE notifications the tweet's author received on notification.onNew (each like notifies once). */
  notificationsReceived: number;
  /** First like sent → the author's last LIKE notification. */
  lastNotificationMs: number | null;
}

const LIKE_CONCURRENCY = 16;
const WATCHERS = 10;
const FINAL_TIMEOUT_MS = 30_000;

interface Watcher {
  client: PulseClient;
  /** Every state received after the initial one: like count and arrival time. */
  seen: Array<{ likes: number; at: number }>;
}

/** When the watcher first saw exactly `likes`, if it did. */
function firstSeen(watcher: Watcher, likes: number): number | undefined {
  return watcher.seen.find((state) => state.likes === likes)?.at;
}

/** L likes from L users on one tweet, through instances A and B alternately; watchers and the author on both. */
export async function runEngagementBurst(stack: Stack, community: Community): Promise<BurstResult> {
  const servers = await stack.start(2);
  const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];
  const tweetId = community.burstTweetId;
  const likes = community.likers.length;
  const watchers: Watcher[] = [];
  let author: PulseClient | undefined;
  try {
    const watcherAccounts = community.idle.slice(0, WATCHERS);
    await Promise.all(
      watcherAccounts.map(async (account, index) => {
        const client = createPulseClient({ url: (index % 2 === 0 ? a : b).url, token: account.token });
        const watcher: Watcher = { client, seen: [] };
        let initial = true;
        watchers.push(watcher);
        await within(
          20_000,
          `watcher ${account.username}: no initial counts`,
          new Promise<void>((resolve, reject) => {
            client.trpc.engagement.onUpdate.subscribe(
              { tweetId },
              {
                onData: (counts) => {
                  if (!initial) watcher.seen.push({ likes: counts.likes, at: performance.now() });
                  initial = false;
                  resolve();
                },
                onError: reject,
              },
            );
          }),
        );
      }),
    );

    let notificationsReceived = 0;
    let lastNotificationAt: number | undefined;
    author = createPulseClient({ url: b.url, token: community.star.token });
    const authorClient = author;
    await within(
      20_000,
      "author: notification.onNew not acknowledged",
      new Promise<void>((resolve, reject) => {
        authorClient.trpc.notification.onNew.subscribe(
          { lastEventId: null },
          {
            onStarted: () => resolve(),
            onError: reject,
            onData: (envelope) => {
              if (envelope.data.type === "event" && envelope.data.event.kind === "LIKE") {
                notificationsReceived++;
                lastNotificationAt = performance.now();
              }
            },
          },
        );
      }),
    );
    // onNew acknowledges before its bus listener is attached; give it a moment (no event to prime with here).
    await sleep(500);

    progress(`burst: ${likes} likes from ${likes} users, ${LIKE_CONCURRENCY} in flight`);
    const likers = community.likers.map((account, i) => createHttpClient((i % 2 === 0 ? a : b).url, account.token));
    const errors: Record<string, number> = {};
    const responses: number[] = [];
    const firstSentAt = performance.now();
    await mapLimit(likes, LIKE_CONCURRENCY, async (i) => {
      const sentAt = performance.now();
      try {
        await likers[i]?.engagement.like.mutate({ tweetId });
        responses.push(performance.now() - sentAt);
      } catch (error) {
        const message = errorMessage(error);
        errors[message] = (errors[message] ?? 0) + 1;
      }
    });
    const sendSeconds = (performance.now() - firstSentAt) / 1000;
    const likesOk = responses.length;

    const deadline = performance.now() + FINAL_TIMEOUT_MS;
    while (
      performance.now() < deadline &&
      (watchers.some((watcher) => firstSeen(watcher, likesOk) === undefined) || notificationsReceived < likesOk)
    ) {
      await sleep(20);
    }
    const finals = watchers.flatMap((watcher) => {
      const at = firstSeen(watcher, likesOk);
      return at === undefined ? [] : [at - firstSentAt];
    });
    return {
      likes,
      likesOk,
      errors,
      concurrency: LIKE_CONCURRENCY,
      watchers: watchers.length,
      sendSeconds,
      likesPerSecond: likesOk / sendSeconds,
      likeResponse: responses.length ? summarize(responses) : null,
      messagesPerWatcher: watchers.length ? summarize(watchers.map((watcher) => watcher.seen.length)) : null,
      finalCountAt: finals.length ? summarize(finals) : null,
      watchersWithFinalCount: finals.length,
      notificationsReceived,
      lastNotificationMs: lastNotificationAt === undefined ? null : lastNotificationAt - firstSentAt,
    };
  } finally {
    for (const watcher of watchers) watcher.client.close();
    author?.close();
    await sleep(300);
    await stack.stopServers(servers);
  }
}
