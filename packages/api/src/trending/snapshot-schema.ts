import { z } from "zod";

/** How a topic moves, in plain words: nothing in the previous window, clearly up, about the same, clearly down. */
export const trendKinds = ["new", "rising", "steady", "cooling"] as const;
export type TrendKind = (typeof trendKinds)[number];

export const trendingTopicSchema = z.object({
  topic: z.string(),
  tweetCount: z.number(),
  engagementScore: z.number(),
  growthRate: z.number(),
  // Defaults: snapshots stored (and messages published) before these fields existed still parse.
  /** Posts with the topic in the previous window. */
  previousCount: z.number().default(0),
  trend: z.enum(trendKinds).default("steady"),
});

export const trendingSnapshotSchema = z.object({
  topics: z.array(trendingTopicSchema),
  computedAt: z.string(),
  /** The window's length, so clients can say "12 posts in the last hour". */
  windowMs: z.number().default(60 * 60 * 1000),
});

export type TrendingTopic = z.infer<typeof trendingTopicSchema>;
/** The payload of `trending.list` and `trending.onUpdate`, and the message on the trending channel. */
export type TrendingSnapshot = z.infer<typeof trendingSnapshotSchema>;
