import { channels } from "../channels";
import type { Context } from "../context";
import type { WrittenTweet } from "./create-tweet";
import { relayAfterCommit } from "./outbox";
import { outgoing, publishAll } from "./publish";

/** Topic pages hear a post on at most this many of its topics: a tweet's publish cost stays bounded. */
export const MAX_LIVE_TOPICS = 10;

/**
 * After the commit of `insertTweet`: rings every bell it caused (notifications, the author's own feed entry, the
 * parent's counters, one message per topic for open topic pages) in one go — the publisher pipelines them into one
 * write — and hands the fan-out job, if one was written, to the queue. A failed publish is logged, never surfaced: subscribers resync from the database.
 */
export async function publishWrittenTweet(ctx: Pick<Context, "db" | "bus" | "jobs" | "logger">, written: WrittenTweet) {
  const messages = written.notifications.map(({ recipientId, event }) =>
    outgoing(channels.userNotifications(recipientId), { type: "new", notification: event }),
  );
  if (written.ownEntry) {
    messages.push(outgoing(channels.userFeed(written.tweet.author.id), { type: "new", entry: written.ownEntry }));
  }
  // After the commit, from what the statement already returned: no extra round trip for topic pages.
  for (const topic of written.tweet.topics.slice(0, MAX_LIVE_TOPICS))
    messages.push(outgoing(channels.topic(topic), { type: "post", tweet: written.tweet }));
  if (written.parentCounts)
    messages.push(outgoing(channels.tweetEngagement(written.parentCounts.tweetId), { type: "changed" }));
  await Promise.all([
    publishAll(ctx, messages),
    written.fanOutJobId ? relayAfterCommit(ctx, [written.fanOutJobId]) : undefined,
  ]);
}
