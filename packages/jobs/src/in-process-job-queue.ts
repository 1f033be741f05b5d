import type { QueueState } from "@pulse/metrics";
import {
  backoffDelay,
  defaultRetryPolicy,
  deliveryId,
  type JobName,
  type JobPayload,
  type JobRequest,
  jobNames,
  parsePayload,
  type RetryPolicy,
} from "./definitions";
import {
  type JobContext,
  type JobLogger,
  type JobQueue,
  JobQueueClosedError,
  type JobWorkers,
  type Processors,
  type WorkOptions,
} from "./job-queue";
import { withTimeout } from "./timeout";

export interface InProcessJobQueueOptions {
  retry?: RetryPolicy;
  /** How long a finished job's id still makes a re-enqueue a no-op (BullMQ keeps completed jobs as long). */
  retainFinishedMs?: number;
  /** At most this many finished ids are remembered. */
  maxRetainedIds?: number;
  logger?: JobLogger;
  now?: () => number;
}

interface Entry {
  request: JobRequest;
  attempt: number;
  scheduledAt: number | undefined;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Embedded mode's job queue: the same processors, retry policy and id de-duplication as BullMQ, without Redis. Jobs
 * live in memory, so they do not survive the process; the outbox (and idempotent processors) cover that.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = "in-process";
  private readonly retry: RetryPolicy;
  private readonly retainFinishedMs: number;
  private readonly maxRetainedIds: number;
  private readonly logger: JobLogger | undefined;
  private readonly now: () => number;
  /** Ids waiting, delayed for a retry, or running. */
  private readonly pending = new Set<string>();
  /** Finished ids in the order they finished, with when. */
  private readonly finished = new Map<string, number>();
  private readonly waiting = new Map<JobName, Entry[]>(jobNames.map((name) => [name, []]));
  private readonly running = new Map<JobName, Set<Promise<void>>>(jobNames.map((name) => [name, new Set()]));
  private readonly timers = new Set<NodeJS.Timeout>();
  private processors: Processors | undefined;
  private concurrency = DEFAULT_CONCURRENCY;
  private closed = false;

  constructor(options: InProcessJobQueueOptions = {}) {
    this.retry = options.retry ?? defaultRetryPolicy;
    this.retainFinishedMs = options.retainFinishedMs ?? 60 * 60 * 1000;
    this.maxRetainedIds = options.maxRetainedIds ?? 10_000;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    if (this.closed) throw new JobQueueClosedError();
    // Validate everything first: a bad payload must not leave half of the batch queued.
    const entries = jobs.map(
      (job): Entry => ({
        request: { ...job, payload: parsePayload(job.name, job.payload) } as JobRequest,
        attempt: 1,
        scheduledAt: undefined,
      }),
    );
    for (const entry of entries) this.add(entry);
  }

  async schedule<Name extends JobName>(name: Name, payload: JobPayload<Name>, everyMs: number): Promise<void> {
    if (this.closed) throw new JobQueueClosedError();
    const parsed = parsePayload(name, payload);
    const arm = () => {
      // Slots are multiples of everyMs, as for BullMQ's `every` schedulers.
      const slot = Math.floor(this.now() / everyMs) * everyMs + everyMs;
      this.later(Math.max(0, slot - this.now()), () => {
        if (this.closed) return;
        this.add({
          request: { name, payload: parsed, jobId: `repeat-${name}-${slot}` } as JobRequest,
          attempt: 1,
          scheduledAt: slot,
        });
        arm();
      });
    };
    arm();
  }

  async isQueued(job: Pick<JobRequest, "name" | "jobId" | "delivery">): Promise<boolean> {
    return this.pending.has(deliveryId(job.jobId, job.delivery));
  }

  /** Waiting and running jobs per kind (retries waiting out their backoff are not counted per kind). */
  async depths(): Promise<Record<JobName, Partial<Record<QueueState, number>>>> {
    return Object.fromEntries(
      jobNames.map((name) => [
        name,
        { waiting: this.waiting.get(name)?.length ?? 0, active: this.running.get(name)?.size ?? 0 },
      ]),
    ) as Record<JobName, Partial<Record<QueueState, number>>>;
  }

  async work(processors: Processors, options: WorkOptions = {}): Promise<JobWorkers> {
    if (this.closed) throw new JobQueueClosedError();
    this.processors = processors;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.pumpAll();
    const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    return {
      close: async () => {
        if (this.processors === processors) this.processors = undefined;
        await this.drain(closeTimeoutMs);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.processors = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.drain(DEFAULT_CLOSE_TIMEOUT_MS);
  }

  /** Jobs waiting to run now (not running, not delayed): for tests and metrics. */
  get waitingCount(): number {
    let count = 0;
    for (const entries of this.waiting.values()) count += entries.length;
    return count;
  }

  /** Resolves once nothing is waiting, delayed or running; for tests. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 && !this.closed) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private add(entry: Entry): void {
    const jobId = deliveryId(entry.request.jobId, entry.request.delivery);
    this.forgetOldFinished();
    if (this.pending.has(jobId) || this.finished.has(jobId)) return;
    this.pending.add(jobId);
    this.waiting.get(entry.request.name)?.push(entry);
    // Never run a processor inside the caller's stack (it may be holding a transaction).
    setImmediate(() => this.pump(entry.request.name));
  }

  private pumpAll(): void {
    for (const name of jobNames) this.pump(name);
  }

  private pump(name: JobName): void {
    const processors = this.processors;
    const waiting = this.waiting.get(name);
    const running = this.running.get(name);
    if (!processors || !waiting || !running) return;
    while (running.size < this.concurrency && waiting.length > 0) {
      const entry = waiting.shift() as Entry;
      const run: Promise<void> = this.run(processors, entry).finally(() => {
        running.delete(run);
        this.pump(name);
      });
      running.add(run);
    }
  }

  private async run(processors: Processors, entry: Entry): Promise<void> {
    const { request, attempt } = entry;
    const maxAttempts = entry.scheduledAt === undefined ? this.retry.attempts : 1;
    const id = deliveryId(request.jobId, request.delivery);
    const context: JobContext = {
      jobId: request.jobId,
      delivery: request.delivery ?? 0,
      attempt,
      maxAttempts,
      scheduledAt: entry.scheduledAt,
    };
    try {
      const processor = processors[request.name] as (payload: unknown, context: JobContext) => Promise<void>;
      await processor(parsePayload(request.name, request.payload), context);
      this.finish(id);
    } catch (error) {
      const willRetry = attempt < maxAttempts && !this.closed;
      this.logger?.warn({ err: error, job: request.name, jobId: request.jobId, attempt, willRetry }, "job failed");
      if (!willRetry) {
        this.logger?.error({ err: error, job: request.name, jobId: request.jobId }, "job gave up");
        this.finish(id);
        return;
      }
      this.later(backoffDelay(this.retry, attempt), () => {
        if (this.closed) return;
        this.waiting.get(request.name)?.push({ ...entry, attempt: attempt + 1 });
        this.pump(request.name);
      });
    }
  }

  private finish(jobId: string): void {
    this.pending.delete(jobId);
    this.finished.delete(jobId);
    this.finished.set(jobId, this.now());
  }

  private forgetOldFinished(): void {
    const cutoff = this.now() - this.retainFinishedMs;
    for (const [jobId, at] of this.finished) {
      if (at >= cutoff && this.finished.size <= this.maxRetainedIds) break;
      this.finished.delete(jobId);
    }
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async drain(timeoutMs: number): Promise<void> {
    const running = [...this.running.values()].flatMap((set) => [...set]);
    await withTimeout(Promise.allSettled(running), timeoutMs);
  }
}

export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): InProcessJobQueue {
  return new InProcessJobQueue(options);
}
