import { register as globalRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createPulseMetrics } from "./pulse-metrics";
import type { WebSocketSource } from "./sources";

/** The value of one sample line, e.g. `pulse_ws_active_users 2` or `…_bucket{le="1"} 3`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function webSockets(perUser: number[], closes: [string, number][] = []): WebSocketSource {
  return {
    counts: () => ({
      authenticated: perUser.reduce((sum, count) => sum + count, 0),
      anonymous: 1,
      activeUsers: perUser.length,
    }),
    connectionsPerUser: () => perUser,
    closes: new Map(closes),
    upgradeRefusals: new Map(),
  };
}

describe("PulseMetrics", () => {
  it("keeps each instance's metrics in its own registry, never the global one", async () => {
    const first = createPulseMetrics({ defaultMetrics: false });
    const second = createPulseMetrics({ defaultMetrics: false });
    first.rateLimitRejected("mutations");
    first.rateLimitRejected("mutations");
    second.rateLimitRejected("queries");
    const [one, two] = await Promise.all([first.exposition(), second.exposition()]);
    expect(sample(one.body, 'pulse_rate_limit_rejections_total{limit="mutations"}')).toBe(2);
    expect(sample(one.body, 'pulse_rate_limit_rejections_total{limit="queries"}')).toBeUndefined();
    expect(sample(two.body, 'pulse_rate_limit_rejections_total{limit="queries"}')).toBe(1);
    expect(globalRegistry.getMetricsAsArray().some((metric) => metric.name.startsWith("pulse_"))).toBe(false);
  });

  it("adds Node's default metrics, event-loop lag included, per registry", async () => {
    const { body } = await createPulseMetrics().exposition();
    expect(body).toContain("process_resident_memory_bytes");
    expect(body).toContain("nodejs_eventloop_lag_seconds");
  });

  it("observes connections per user afresh at each scrape, without a label per user", async () => {
    const metrics = createPulseMetrics({ defaultMetrics: false });
    const perUser = [1, 1, 3, 12];
    metrics.watchWebSockets(webSockets(perUser, [["FLOOD", 2]]));
    for (let scrape = 0; scrape < 2; scrape++) {
      const { body } = await metrics.exposition();
      expect(sample(body, "pulse_ws_connections_per_user_count")).toBe(4);
      expect(sample(body, 'pulse_ws_connections_per_user_bucket{le="1"}')).toBe(2);
      expect(sample(body, 'pulse_ws_connections_per_user_bucket{le="3"}')).toBe(3);
      expect(sample(body, 'pulse_ws_connections_per_user_bucket{le="10"}')).toBe(3);
      expect(sample(body, "pulse_ws_connections_per_user_sum")).toBe(17);
      expect(sample(body, "pulse_ws_active_users")).toBe(4);
      expect(sample(body, 'pulse_ws_connections{state="authenticated"}')).toBe(17);
      expect(sample(body, 'pulse_ws_server_closes_total{reason="FLOOD"}')).toBe(2);
      expect(body).not.toMatch(/user(Id)?="/);
    }
    perUser.pop();
    const { body } = await metrics.exposition();
    expect(sample(body, "pulse_ws_connections_per_user_count")).toBe(3);
  });

  it("counts subscriptions per path, job outcomes and dependency state", async () => {
    const metrics = createPulseMetrics({ defaultMetrics: false });
    metrics.subscriptionOpened("feed.onNew");
    metrics.subscriptionOpened("feed.onNew");
    metrics.subscriptionClosed("feed.onNew");
    metrics.jobFinished("feed.fanout", "failed", 0.02);
    metrics.jobFinished("feed.fanout", "completed", 0.01);
    metrics.dependencyStatus("redis", false, 1_700_000_000_000);
    metrics.dependencyStatus("postgres", true, undefined);
    const { body } = await metrics.exposition();
    expect(sample(body, 'pulse_ws_subscriptions{path="feed.onNew"}')).toBe(1);
    expect(sample(body, 'pulse_job_failures_total{queue="feed.fanout"}')).toBe(1);
    expect(sample(body, 'pulse_job_duration_seconds_count{queue="feed.fanout",outcome="completed"}')).toBe(1);
    expect(sample(body, 'pulse_dependency_up{dependency="redis"}')).toBe(0);
    expect(sample(body, 'pulse_dependency_failing_since_seconds{dependency="redis"}')).toBe(1_700_000_000);
    expect(sample(body, 'pulse_dependency_up{dependency="postgres"}')).toBe(1);
  });

  it("answers a scrape when a collect-time read hangs, counting the failure", async () => {
    const metrics = createPulseMetrics({ defaultMetrics: false, collectTimeoutMs: 50 });
    metrics.watchOutbox({ backlog: () => new Promise(() => {}) });
    await metrics.exposition();
    // Collectors run in parallel: the first scrape's failure shows from the next scrape on.
    const { body } = await metrics.exposition();
    expect(sample(body, 'pulse_metrics_collect_errors_total{collector="outbox"}')).toBeGreaterThanOrEqual(1);
  });
});
