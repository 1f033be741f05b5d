import type { TrendingTopic } from "../../api-types";
import { formatCount, formatGrowth } from "../../lib/format";

export function TrendingList({ topics }: { topics: readonly TrendingTopic[] }) {
  if (topics.length === 0) {
    return <p className="muted">Nothing trending yet. Posts with #topics show up here within seconds.</p>;
  }
  return (
    <ol className="trending-list">
      {topics.map((topic) => (
        <li key={topic.topic} className="trending-item">
          <span className="trending-topic topic">#{topic.topic}</span>
          <span className="trending-stats muted">
            {formatCount(topic.tweetCount)} {topic.tweetCount === 1 ? "post" : "posts"} · score{" "}
            {formatCount(topic.engagementScore)}
          </span>
          <span
            className={`trending-growth ${topic.growthRate > 0 ? "up" : topic.growthRate < 0 ? "down" : ""}`}
            title="Change in posts against the previous window"
          >
            {formatGrowth(topic.growthRate)}
          </span>
        </li>
      ))}
    </ol>
  );
}
