import type { TrendingTopic } from "../../api-types";
import { formatCount, formatWindow } from "../../lib/format";
import { hrefFor } from "../../lib/routes";

const trendLabels: Record<TrendingTopic["trend"], string> = {
  new: "New",
  rising: "Rising",
  steady: "Steady",
  cooling: "Cooling",
};

/** Each topic opens its live page; numbers in plain words ("12 posts in the last hour"), no percentages. */
export function TrendingList({ topics, windowMs }: { topics: readonly TrendingTopic[]; windowMs: number }) {
  if (topics.length === 0) {
    return <p className="muted">Nothing trending yet. Posts with #topics show up here within seconds.</p>;
  }
  const window = formatWindow(windowMs);
  return (
    <ol className="trending-list">
      {topics.map((topic) => (
        <li key={topic.topic} className="trending-item">
          <a className="trending-link" href={hrefFor({ name: "topic", topic: topic.topic })}>
            <span className="trending-topic topic">#{topic.topic}</span>
            <span className="trending-stats muted">
              {formatCount(topic.tweetCount)} {topic.tweetCount === 1 ? "post" : "posts"} in the last {window}
              {topic.engagementScore > 0 && (
                <>
                  {" "}
                  · {formatCount(topic.engagementScore)} {topic.engagementScore === 1 ? "reaction" : "reactions"}
                </>
              )}
            </span>
            <span
              className={`trending-growth trend-${topic.trend}`}
              title={`${formatCount(topic.previousCount)} in the ${window} before`}
            >
              {trendLabels[topic.trend]}
            </span>
          </a>
        </li>
      ))}
    </ol>
  );
}
