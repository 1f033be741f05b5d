import type { DependencyMetrics } from "@pulse/metrics";

/** A dependency's check: resolves when it answers (PostgreSQL `select 1`, Redis PING). */
export type DependencyCheck = () => Promise<unknown>;

export type CheckReport = { ok: true; latencyMs: number } | { ok: false; error: string; failingSince: string };

export interface Readiness {
  statusCode: 200 | 503;
  body:
    | { status: "ready"; checks: Record<string, CheckReport> }
    | { status: "degraded"; reasons: string[]; checks: Record<string, CheckReport> }
    | { status: "unavailable"; failing: string[]; checks: Record<string, CheckReport> }
    | { status: "shutting down" };
}

export interface MonitorLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

export interface DependencyMonitorOptions {
  /** By dependency name (`postgres`, `redis`); each runs in parallel with its own timeout. */
  checks: Record<string, DependencyCheck>;
  /** READINESS_TIMEOUT_MS: a check not answered by then fails with "timeout after … ms". */
  timeoutMs: number;
  /** How often the checks run in the background. Default 5 000 ms. */
  intervalMs?: number;
  logger: MonitorLogger;
  metrics?: DependencyMetrics | undefined;
  /** Why the process serves but not fully (e.g. its event bus subscriber is reconnecting); empty when it does. */
  degradedReasons?: () => string[];
}

class CheckTimeout extends Error {}

/** Error codes worth naming; anything else is "check failed" (an error's message may hold SQL or a URL). */
const describedCodes: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ETIMEDOUT: "connect timeout",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  EHOSTUNREACH: "host unreachable",
  "57P01": "database shutting down",
  "57P03": "database starting up",
  "53300": "too many connections",
  "28P01": "authentication failed",
  "28000": "authentication failed",
  "3D000": "database does not exist",
};

/** The first `code` along the error's cause chain (drizzle wraps the pg error; AggregateError lists attempts). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === "string") return code;
    const inner = current instanceof AggregateError ? current.errors[0] : undefined;
    current = inner ?? current.cause;
  }
  return undefined;
}

/** A failure in words safe to show anyone: a fixed phrase, never the error's own message. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof CheckTimeout) return `timeout after ${timeoutMs} ms`;
  const code = errorCode(error);
  return (code && describedCodes[code]) ?? "check failed";
}

interface DependencyState {
  /** The check still running, joined by later runs: a stalled dependency never collects one hung call per run. */
  running: Promise<unknown> | undefined;
  failingSinceMs: number | undefined;
  report: CheckReport | undefined;
}

/**
 * Checks the process's dependencies on demand (/readyz) and in the background, and says what it found: a readiness
 * answer, `pulse_dependency_*` gauges, and one log line per transition ("dependency failing", "dependency
 * recovered"). Concurrent requests share one run of the checks.
 */
export function createDependencyMonitor(options: DependencyMonitorOptions) {
  const { timeoutMs, logger } = options;
  const names = Object.keys(options.checks);
  const states = new Map<string, DependencyState>(
    names.map((name) => [name, { running: undefined, failingSinceMs: undefined, report: undefined }]),
  );
  let round: Promise<Record<string, CheckReport>> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function checkOne(name: string, check: DependencyCheck, state: DependencyState): Promise<CheckReport> {
    const started = performance.now();
    // Through a promise: a check that throws synchronously fails like one that rejects.
    state.running ??= Promise.resolve()
      .then(check)
      .finally(() => {
        state.running = undefined;
      });
    let timeout: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      state.running.then(
        () => undefined,
        (error: unknown) => error ?? new Error("check failed"),
      ),
      new Promise<CheckTimeout>((resolve) => {
        timeout = setTimeout(() => resolve(new CheckTimeout()), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timeout));
    const now = Date.now();
    let report: CheckReport;
    if (outcome === undefined) {
      if (state.failingSinceMs !== undefined) {
        logger.info({ dependency: name, downForMs: now - state.failingSinceMs }, "dependency recovered");
      }
      state.failingSinceMs = undefined;
      report = { ok: true, latencyMs: Math.round(performance.now() - started) };
    } else {
      const error = describeFailure(outcome, timeoutMs);
      if (state.failingSinceMs === undefined) {
        state.failingSinceMs = now;
        logger.warn({ dependency: name, since: new Date(now).toISOString(), error }, "dependency failing");
      }
      report = { ok: false, error, failingSince: new Date(state.failingSinceMs).toISOString() };
    }
    state.report = report;
    options.metrics?.dependencyStatus(name, report.ok, state.failingSinceMs);
    return report;
  }

  /** Runs every check once (or joins the run in progress). */
  function checkAll(): Promise<Record<string, CheckReport>> {
    round ??= Promise.all(
      names.map(async (name) => {
        const check = options.checks[name] as DependencyCheck;
        return [name, await checkOne(name, check, states.get(name) as DependencyState)] as const;
      }),
    )
      .then((entries) => Object.fromEntries(entries))
      .finally(() => {
        round = undefined;
      });
    return round;
  }

  /** Checks that answered, but slowly: more than half their timeout. */
  function slowReasons(checks: Record<string, CheckReport>): string[] {
    return Object.entries(checks).flatMap(([name, report]) =>
      report.ok && report.latencyMs > timeoutMs / 2 ? [`${name} slow (${report.latencyMs} ms)`] : [],
    );
  }

  return {
    checkAll,
    /** The /readyz answer: checks run now (each bounded by the timeout), never cached. */
    async readiness(shuttingDown = false): Promise<Readiness> {
      if (shuttingDown) return { statusCode: 503, body: { status: "shutting down" } };
      const checks = await checkAll();
      const failing = names.filter((name) => !checks[name]?.ok);
      if (failing.length > 0) return { statusCode: 503, body: { status: "unavailable", failing, checks } };
      const reasons = [...(options.degradedReasons?.() ?? []), ...slowReasons(checks)];
      if (reasons.length > 0) return { statusCode: 200, body: { status: "degraded", reasons, checks } };
      return { statusCode: 200, body: { status: "ready", checks } };
    },
    /** Starts the background checks (the timer never keeps the process alive). */
    start(): void {
      if (timer) return;
      void checkAll();
      timer = setInterval(() => void checkAll(), options.intervalMs ?? 5_000);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

export type DependencyMonitor = ReturnType<typeof createDependencyMonitor>;
