import { channelFamily, channelNames } from "@pulse/realtime";
import { z } from "zod";
import { matchMessageSchema } from "../match/messages";
import { trendingSnapshotSchema } from "../trending/snapshot-schema";
import {
  feedEventSchema,
  feedRemovalSchema,
  notificationEventSchema,
  notificationRetractionSchema,
  tweetSchema,
} from "./wire";

/**
 * What travels on a user's notification channel: stream changes (`new`, `retracted`, each with its seq) and bells
 * that only change the badge (`read`, `seen`, `muted`).
 */
const notificationMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("new"), notification: notificationEventSchema }),
  z.object({ type: z.literal("retracted"), retraction: notificationRetractionSchema }),
  z.object({ type: z.literal("read") }),
  z.object({ type: z.literal("seen") }),
  z.object({ type: z.literal("muted") }),
]);

/** A bell: something changed, re-read the source of truth (engagement counts, who is typing, a feed in bulk). */
const changedSchema = z.object({ type: z.literal("changed") });

/**
 * What travels on a user's feed channel: an entry or a removal (each with its seq), or a bell after a change in
 * bulk (a follow's backfill, an unfollow's removals) that the stream reads back from the database.
 */
const feedMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("new"), entry: feedEventSchema }),
  z.object({ type: z.literal("removed"), removal: feedRemovalSchema }),
  changedSchema,
]);

/** What the topic channel carries: one new post (published after its commit, see social/publish-tweet.ts). */
const topicMessageSchema = z.object({ type: z.literal("post"), tweet: tweetSchema });

export type { MatchMessage } from "../match/messages";
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;
export type FeedMessage = z.infer<typeof feedMessageSchema>;
export type TopicMessage = z.infer<typeof topicMessageSchema>;

/** Every channel of the product with the schema of its messages: publish and listen are typed by it. */
export const channels = {
  userNotifications: channelFamily(notificationMessageSchema, channelNames.userNotifications),
  userFeed: channelFamily(feedMessageSchema, channelNames.userFeed),
  userMatch: channelFamily(matchMessageSchema, channelNames.userMatch),
  tweetEngagement: channelFamily(changedSchema, channelNames.tweetEngagement),
  tweetTyping: channelFamily(changedSchema, channelNames.tweetTyping),
  trending: channelFamily(trendingSnapshotSchema, channelNames.trending),
  topic: channelFamily(topicMessageSchema, channelNames.topic),
};
