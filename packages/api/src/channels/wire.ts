import { notificationKind } from "@pulse/db";
import { z } from "zod";

/**
 * The wire shapes that bus messages embed, as zod schemas: what a receiving instance checks before it trusts a
 * message. They mirror the domain's `to…` presenters (social/tweets.ts, notifications/records.ts, feed/feed.ts); a
 * publish whose payload drifts from them does not compile. The match channel's schema is match/messages.ts.
 */

const person = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
const isoTime = z.string();

export const engagementCountsSchema = z.object({
  tweetId: z.string(),
  likes: z.number(),
  replies: z.number(),
  retweets: z.number(),
  bookmarks: z.number(),
});

export const tweetSchema = z.object({
  id: z.string(),
  author: person,
  content: z.string(),
  replyToId: z.string().nullable(),
  topics: z.array(z.string()),
  counts: engagementCountsSchema,
  createdAt: isoTime,
  deleted: z.boolean(),
});

export const notificationKindSchema = z.enum(notificationKind.enumValues);

export const notificationEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  kind: notificationKindSchema,
  actor: person,
  tweetId: z.string().nullable(),
  preview: z.string().nullable(),
  createdAt: isoTime,
  read: z.boolean(),
});

export const notificationRetractionSchema = z.object({
  seq: z.number().int(),
  retractedId: z.string(),
  kind: notificationKindSchema,
  tweetId: z.string().nullable(),
  actorId: z.string(),
});

export const feedEventSchema = z.object({
  seq: z.number().int(),
  addedAt: isoTime,
  tweet: tweetSchema,
  repostedBy: z.object({ users: z.array(person), total: z.number().int() }).optional(),
});

export const feedRemovalSchema = z.object({ seq: z.number().int(), removedTweetId: z.string() });
