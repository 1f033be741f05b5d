import { type TrendingTopic, trendOf } from "./trending";

/** For tests: a trending row from its counts, growth and trend as the contract defines them. */
export function topicRow(
  topic: string,
  tweetCount: number,
  engagementScore: number,
  previousCount: number,
): TrendingTopic {
  return {
    topic,
    tweetCount,
    engagementScore,
    growthRate: (tweetCount - previousCount) / Math.max(previousCount, 1),
    previousCount,
    trend: trendOf(tweetCount, previousCount),
  };
}
