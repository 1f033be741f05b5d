import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scrape, seriesValue } from "./metrics-scrape";
import { startTestServer, type TestServer } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const waitLong = { timeout: 10_000, interval: 50 };

describe("/metrics on the server's port (embedded: PGlite, in-process bus and worker)", () => {
  let test: TestServer;
  const sockets: RawClient[] = [];
  beforeAll(async () => {
    test = await startTestServer("pglite", { MUTATIONS_PER_USER_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await test?.close();
  });

  it("serves Prometheus text with Node's defaults and every Pulse metric family", async () => {
    const response = await fetch(`${test.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    for (const name of [
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "pulse_ws_connections",
      "pulse_ws_active_users",
      "pulse_ws_connections_per_user",
      "pulse_ws_subscriptions",
      "pulse_ws_server_closes_total",
      "pulse_delivery_latency_seconds",
      "pulse_bus_pubsub_lag_seconds",
      "pulse_outbox_backlog",
      "pulse_outbox_oldest_age_seconds",
      "pulse_queue_jobs",
      "pulse_job_duration_seconds",
      "pulse_rate_limit_rejections_total",
      "pulse_auth_rejections_total",
      "pulse_dependency_up",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(seriesValue(text, 'pulse_queue_jobs{queue="feed.fanout",state="waiting"}')).toBe(0);
  });

  it("moves with connections, subscriptions, deliveries, jobs and refusals", async () => {
    const recipient = await signUp(test.url, "metrics_recipient");
    const actor = await signUp(test.url, "metrics_actor");
    const before = await scrape(test.url);
    const socket = await connectRaw(test.url, { token: recipient.token });
    sockets.push(socket);
    const subscription = await socket.subscribe("notification.onNew", {});

    const during = await scrape(test.url);
    expect(seriesValue(during, 'pulse_ws_connections{state="authenticated"}')).toBe(1);
    expect(seriesValue(during, "pulse_ws_active_users")).toBe(1);
    expect(seriesValue(during, "pulse_ws_connections_per_user_count")).toBe(1);
    expect(seriesValue(during, 'pulse_ws_subscriptions{path="notification.onNew"}')).toBe(1);

    const follow = await fetch(`${test.url}/trpc/user.follow`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${actor.token}` },
      body: JSON.stringify({ userId: recipient.user.id }),
    });
    expect(follow.status).toBe(200);
    await vi.waitFor(() => expect(socket.dataOf(subscription)).toHaveLength(1), waitLong);
    const delivered = await scrape(test.url);
    expect(seriesValue(delivered, "pulse_delivery_latency_seconds_count")).toBe(
      seriesValue(before, "pulse_delivery_latency_seconds_count") + 1,
    );

    // The actor's mutations are over their budget of 3 per minute after a few more.
    let refused = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await fetch(`${test.url}/trpc/user.unfollow`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${actor.token}` },
        body: JSON.stringify({ userId: recipient.user.id }),
      });
      if (response.status === 429) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    const badToken = await fetch(`${test.url}/trpc/auth.me`, { headers: { authorization: "Bearer not-a-session" } });
    expect(badToken.status).toBe(401);

    await vi.waitFor(async () => {
      const after = await scrape(test.url);
      expect(seriesValue(after, 'pulse_rate_limit_rejections_total{limit="mutations"}')).toBe(refused);
      expect(seriesValue(after, 'pulse_auth_rejections_total{reason="invalid_session"}')).toBeGreaterThanOrEqual(1);
      // The follow's feed fan-out or notification jobs ran through the embedded worker.
      expect(after).toMatch(/pulse_job_duration_seconds_count\{queue="[^"]+",outcome="completed"\} [1-9]/);
    }, waitLong);

    socket.close();
    await vi.waitFor(async () => {
      const closed = await scrape(test.url);
      expect(seriesValue(closed, 'pulse_ws_connections{state="authenticated"}')).toBe(0);
      expect(seriesValue(closed, 'pulse_ws_subscriptions{path="notification.onNew"}')).toBe(0);
    }, waitLong);
  });
});

describe("METRICS_TOKEN", () => {
  const token = "metrics-token-for-tests-0123456789";
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer("pglite", { METRICS_TOKEN: token });
  });
  afterAll(() => test?.close());

  it("answers /metrics only with the bearer token", async () => {
    expect((await fetch(`${test.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${test.url}/metrics`, {
      headers: { authorization: "Bearer metrics-token-for-tests-XXXX" },
    });
    expect(wrong.status).toBe(401);
    expect(await scrape(test.url, token)).toContain("pulse_ws_connections");
  });
});
