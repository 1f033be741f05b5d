import { channels } from "@pulse/realtime";
import type { Context } from "../context";
import type { TopicMessage } from "../discovery/topic-feed";
import type { FeedMessage } from "../feed/feed";
import type { NotificationMessage } from "../router/notification";
import type { WrittenTweet } from "./create-tweet";
import { relayAfterCommit } from "./outbox";

/** Topic pages hear a post on at most this many of its topics: a tweet's publish cost stays bounded. */
export const MAX_LIVE_TOPICS = 10;

/**
 * After the commit of `insertTweet`: rings every bell it caused (notifications, the author's own feed entry, the
 * parent's counters, one message per topic for open topic pages) in one go — the publisher pipelines them into one
 * write — and hands the fan-out job, if one was written, to the queue. A failed publish is logged, never surfaced: subscribers resync from the database.
 */
export async function publishWrittenTweet(ctx: Pick<Context, "db" | "bus" | "jobs" | "logger">, written: WrittenTweet) {
  const outgoing: Array<[string, unknown]> = written.notifications.map(({ recipientId, event }) => [
    channels.userNotifications(recipientId),
    { type: "new", notification: event } satisfies NotificationMessage,
  ]);
  if (written.ownEntry) {
    outgoing.push([
      channels.userFeed(written.tweet.author.id),
      { type: "new", entry: written.ownEntry } satisfies FeedMessage,
    ]);
  }
  // After the commit, from what the statement already returned: no extra round trip for topic pages.
  const topicMessage: TopicMessage = { type: "post", tweet: written.tweet };
  for (const topic of written.tweet.topics.slice(0, MAX_LIVE_TOPICS))
    outgoing.push([channels.topic(topic), topicMessage]);
  if (written.parentCounts)
    outgoing.push([channels.tweetEngagement(written.parentCounts.tweetId), written.parentCounts]);
  await Promise.all([
    ...outgoing.map(([channel, message]) =>
      ctx.bus
        .publish(channel, message)
        .catch((error: unknown) => ctx.logger.warn({ err: error, channel }, "publish failed")),
    ),
    written.fanOutJobId ? relayAfterCommit(ctx, [written.fanOutJobId]) : undefined,
  ]);
}
