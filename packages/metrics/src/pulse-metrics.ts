import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { boundedCollect } from "./bounded-collect";
import type { ApiMetrics, BusMetrics, DeliveryMetrics, DependencyMetrics, JobMetrics, JobOutcome } from "./recorders";
import type { OutboxSource, QueueSource, QueueState, WebSocketSource } from "./sources";

export interface PulseMetricsOptions {
  /**
   * Node's default metrics under their standard names (process_*, nodejs_*, including
   * nodejs_eventloop_lag_seconds and its percentiles), so stock Node dashboards work. Default true.
   */
  defaultMetrics?: boolean;
  /** Upper bound of each scrape-time read (outbox query, queue counts). Default 1 000 ms. */
  collectTimeoutMs?: number;
}

/** Sub-millisecond to a minute: a delivery replayed after a reconnect is late by the outage, and still counted. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const JOB_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** WS_MAX_CONNECTIONS_PER_USER defaults to 10; the last buckets show a raised cap being used. */
const PER_USER_BUCKETS = [1, 2, 3, 4, 5, 10, 20, 50];
const QUEUE_STATES: readonly QueueState[] = ["waiting", "active", "delayed", "failed"];

/** Sets a collect-time counter from a monotonic count kept elsewhere (prom-client counters only go up by `inc`). */
function mirrorCounts(counter: Counter<"reason">, counts: ReadonlyMap<string, number> | undefined): void {
  counter.reset();
  for (const [reason, count] of counts ?? []) counter.inc({ reason }, count);
}

/**
 * One process's metrics, in a registry of its own (never prom-client's global one: tests run many servers in
 * one process, and each must report only itself). Implements every recorder interface; state that already lives
 * elsewhere (connections, outbox, queues) is read at scrape time through the `watch…` sources.
 */
export class PulseMetrics implements ApiMetrics, BusMetrics, DeliveryMetrics, DependencyMetrics, JobMetrics {
  readonly registry = new Registry();
  #webSockets: WebSocketSource | undefined;
  #outbox: (() => Promise<{ rows: number; oldestAgeSeconds: number }>) | undefined;
  #queues: (() => Promise<Record<string, Partial<Record<QueueState, number>>>>) | undefined;
  readonly #collectTimeoutMs: number;

  readonly #collectErrors: Counter<"collector">;
  readonly #subscriptions: Gauge<"path">;
  readonly #delivery: Histogram;
  readonly #reconnects: Counter;
  readonly #pubSubLag: Histogram;
  readonly #jobDuration: Histogram<"queue" | "outcome">;
  readonly #jobFailures: Counter<"queue">;
  readonly #rateLimitRejections: Counter<"limit">;
  readonly #authRejections: Counter<"reason">;
  readonly #dependencyUp: Gauge<"dependency">;
  readonly #dependencyFailingSince: Gauge<"dependency">;

  constructor(options: PulseMetricsOptions = {}) {
    this.#collectTimeoutMs = options.collectTimeoutMs ?? 1_000;
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const self = this;

    // WebSocket connections, read from the connection registry at scrape time.
    new Gauge({
      name: "pulse_ws_connections",
      help: "Open WebSocket connections on this instance, by whether a user is signed in",
      labelNames: ["state"],
      registers,
      collect() {
        const counts = self.#webSockets?.counts();
        this.set({ state: "authenticated" }, counts?.authenticated ?? 0);
        this.set({ state: "anonymous" }, counts?.anonymous ?? 0);
      },
    });
    new Gauge({
      name: "pulse_ws_active_users",
      help: "Distinct signed-in users with at least one open WebSocket on this instance",
      registers,
      collect() {
        this.set(self.#webSockets?.counts().activeUsers ?? 0);
      },
    });
    new Histogram({
      name: "pulse_ws_connections_per_user",
      help: "Open WebSockets per signed-in user on this instance, observed afresh at each scrape (a distribution, not a history)",
      buckets: PER_USER_BUCKETS,
      registers,
      collect() {
        this.reset();
        for (const count of self.#webSockets?.connectionsPerUser() ?? []) this.observe(count);
      },
    });
    new Counter({
      name: "pulse_ws_server_closes_total",
      help: "WebSocket connections the server ended, by reason (close code name, DEAD_PEER, CLOSE_TIMEOUT)",
      labelNames: ["reason"],
      registers,
      collect() {
        mirrorCounts(this, self.#webSockets?.closes);
      },
    });
    new Counter({
      name: "pulse_ws_upgrade_refusals_total",
      help: "WebSocket upgrades refused for too many anonymous sockets, by reason",
      labelNames: ["reason"],
      registers,
      collect() {
        mirrorCounts(this, self.#webSockets?.upgradeRefusals);
      },
    });
    this.#subscriptions = new Gauge({
      name: "pulse_ws_subscriptions",
      help: "Live subscriptions on this instance's WebSockets, by procedure path",
      labelNames: ["path"],
      registers,
    });
    this.#delivery = new Histogram({
      name: "pulse_delivery_latency_seconds",
      help: "From an event's commit (its row's timestamp) to the server handing the message to the socket",
      buckets: LATENCY_BUCKETS,
      registers,
    });

    this.#reconnects = new Counter({
      name: "pulse_bus_subscriber_reconnects_total",
      help: "Times the Redis Pub/Sub subscriber connection came back after a loss (each resyncs every live stream)",
      registers,
    });
    this.#pubSubLag = new Histogram({
      name: "pulse_bus_pubsub_lag_seconds",
      help: "From PUBLISH (publisher's clock) to receipt by this process's subscriber",
      buckets: LATENCY_BUCKETS,
      registers,
    });

    new Gauge({
      name: "pulse_outbox_backlog",
      help: "Outbox rows whose job effect is not committed yet",
      registers,
      async collect() {
        const backlog = await self.#read("outbox", self.#outbox);
        if (backlog) this.set(backlog.rows);
      },
    });
    new Gauge({
      name: "pulse_outbox_oldest_age_seconds",
      help: "Age of the oldest outbox row whose job effect is not committed yet (0 when none)",
      registers,
      async collect() {
        const backlog = await self.#read("outbox", self.#outbox);
        if (backlog) this.set(backlog.oldestAgeSeconds);
      },
    });
    new Gauge({
      name: "pulse_queue_jobs",
      help: "Jobs per queue and state (waiting, active, delayed, failed)",
      labelNames: ["queue", "state"],
      registers,
      async collect() {
        const depths = await self.#read("queues", self.#queues);
        if (!depths) return;
        for (const [queue, byState] of Object.entries(depths)) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
        }
      },
    });
    this.#jobDuration = new Histogram({
      name: "pulse_job_duration_seconds",
      help: "Processor run time per queue and outcome (each attempt counts)",
      labelNames: ["queue", "outcome"],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.#jobFailures = new Counter({
      name: "pulse_job_failures_total",
      help: "Processor runs that threw, per queue (retried or given up)",
      labelNames: ["queue"],
      registers,
    });

    this.#rateLimitRejections = new Counter({
      name: "pulse_rate_limit_rejections_total",
      help: "Calls refused by a rate limit, by limit",
      labelNames: ["limit"],
      registers,
    });
    this.#authRejections = new Counter({
      name: "pulse_auth_rejections_total",
      help: "Credentials refused, by reason",
      labelNames: ["reason"],
      registers,
    });
    this.#dependencyUp = new Gauge({
      name: "pulse_dependency_up",
      help: "1 while the dependency answers its check, 0 while it fails",
      labelNames: ["dependency"],
      registers,
    });
    this.#dependencyFailingSince = new Gauge({
      name: "pulse_dependency_failing_since_seconds",
      help: "Unix time the dependency started failing; 0 while it answers",
      labelNames: ["dependency"],
      registers,
    });
    // A scrape collects every metric in parallel: a read that fails shows here from the next scrape on.
    this.#collectErrors = new Counter({
      name: "pulse_metrics_collect_errors_total",
      help: "Scrape-time reads that failed or timed out (their gauges keep the previous value)",
      labelNames: ["collector"],
      registers,
    });
  }

  /** Reads `source` within the collect timeout; a failure is counted, and the gauges keep their last value. */
  async #read<T>(collector: string, source: (() => Promise<T>) | undefined): Promise<T | undefined> {
    if (!source) return undefined;
    try {
      return await source();
    } catch {
      this.#collectErrors.inc({ collector });
      return undefined;
    }
  }

  watchWebSockets(source: WebSocketSource): void {
    this.#webSockets = source;
  }

  watchOutbox(source: OutboxSource): void {
    this.#outbox = boundedCollect(() => source.backlog(), this.#collectTimeoutMs);
  }

  watchQueues(source: QueueSource): void {
    this.#queues = boundedCollect(() => source.depths(), this.#collectTimeoutMs);
  }

  /** The Prometheus text exposition of every metric of this process. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  subscriptionOpened(path: string): void {
    this.#subscriptions.inc({ path });
  }

  subscriptionClosed(path: string): void {
    this.#subscriptions.dec({ path });
  }

  delivered(committedAtMs: number): void {
    this.#delivery.observe(Math.max(0, Date.now() - committedAtMs) / 1000);
  }

  subscriberReconnected(): void {
    this.#reconnects.inc();
  }

  pubSubLag(seconds: number): void {
    // Clocks of two hosts may disagree by a little; a negative lag says "none measurable", not "from the future".
    this.#pubSubLag.observe(Math.max(0, seconds));
  }

  jobFinished(queue: string, outcome: JobOutcome, seconds: number): void {
    this.#jobDuration.observe({ queue, outcome }, seconds);
    if (outcome === "failed") this.#jobFailures.inc({ queue });
  }

  rateLimitRejected(limit: string): void {
    this.#rateLimitRejections.inc({ limit });
  }

  authRejected(reason: string): void {
    this.#authRejections.inc({ reason });
  }

  dependencyStatus(dependency: string, up: boolean, failingSinceMs: number | undefined): void {
    this.#dependencyUp.set({ dependency }, up ? 1 : 0);
    this.#dependencyFailingSince.set({ dependency }, up || failingSinceMs === undefined ? 0 : failingSinceMs / 1000);
  }
}

export function createPulseMetrics(options: PulseMetricsOptions = {}): PulseMetrics {
  return new PulseMetrics(options);
}
