import { performance } from "node:perf_hooks";
import { createPulseClient, type PulseClient } from "@pulse/client";
import type { Account } from "../pulse/accounts";
import { within } from "../util/pool";

/** A finished match as `match.onResult` delivered it to this bench process. */
export interface MatchArrival {
  /** performance.now() when the frame was decoded. */
  at: number;
  /** Date.now() at the same moment (to compare with the server's `finishedAt`, same machine clock). */
  wallAt: number;
  status: "completed" | "failed";
  error: string | null;
  /** The worker's `finishedAt` (taken just before the finishing transaction), epoch ms. */
  finishedAt: number;
  result: { matchIds: string[]; candidatesConsidered: number; tookMs: number } | null;
}

export interface SentRequest {
  taskId: string;
  /** The server said a request of this user was already queued or running and returned its taskId. */
  reused: boolean;
  sentAt: number;
  wallSentAt: number;
  respondedAt: number;
}

const SUBSCRIBE_TIMEOUT_MS = 20_000;

/**
 * A signed-in user who asks for matches the way the web app does: one `@pulse/client` (HTTP for the mutation, one
 * WebSocket for subscriptions) with `match.onResult` open for the whole run. The subscription starts at
 * `lastEventId: "0"` — this user's current position, as the user never had a result — so a result committed
 * before the server attached the subscription to the bus is still replayed from the database, never lost.
 */
export class MatchRequester {
  private readonly client: PulseClient;
  private readonly arrived = new Map<string, MatchArrival>();
  private readonly waiters = new Map<string, (arrival: MatchArrival) => void>();
  /** `reset` items (the stream skipped events): never expected here. */
  resets = 0;

  /** Results that arrived after their waiter gave up, or for a task nobody waited for. */
  get unclaimed(): number {
    return this.arrived.size;
  }

  private constructor(
    readonly account: Account,
    /** Ground truth: the planted group of the generated member whose profile this user copied. */
    readonly group: number,
    serverUrl: string,
  ) {
    this.client = createPulseClient({ url: serverUrl, token: account.token });
  }

  static async open(serverUrl: string, account: Account, group: number): Promise<MatchRequester> {
    const requester = new MatchRequester(account, group, serverUrl);
    try {
      await requester.subscribe();
    } catch (error) {
      requester.close();
      throw error;
    }
    return requester;
  }

  private subscribe(): Promise<void> {
    return within(
      SUBSCRIBE_TIMEOUT_MS,
      `${this.account.username}: match.onResult not acknowledged within ${SUBSCRIBE_TIMEOUT_MS} ms`,
      new Promise<void>((resolve, reject) => {
        this.client.trpc.match.onResult.subscribe(
          { lastEventId: "0" },
          {
            onStarted: () => resolve(),
            onError: reject,
            onData: (envelope) => {
              const at = performance.now();
              const wallAt = Date.now();
              const item = envelope.data;
              if (item.type === "reset") {
                this.resets++;
                return;
              }
              const { event } = item;
              this.record(event.taskId, {
                at,
                wallAt,
                status: event.status,
                error: event.error,
                finishedAt: Date.parse(event.finishedAt),
                result: event.result
                  ? {
                      matchIds: event.result.matches.map((person) => person.user.id),
                      candidatesConsidered: event.result.candidatesConsidered,
                      tookMs: event.result.tookMs,
                    }
                  : null,
              });
            },
          },
        );
      }),
    );
  }

  private record(taskId: string, arrival: MatchArrival): void {
    const waiter = this.waiters.get(taskId);
    if (waiter) {
      this.waiters.delete(taskId);
      waiter(arrival);
    } else {
      this.arrived.set(taskId, arrival);
    }
  }

  /** `match.request({})` over HTTP; resolves with the taskId once the server answered. */
  async request(): Promise<SentRequest> {
    const wallSentAt = Date.now();
    const sentAt = performance.now();
    let answer: { taskId: string; reused: boolean };
    try {
      answer = await this.client.trpc.match.request.mutate({});
    } catch (error) {
      // tRPC errors carry the code (TOO_MANY_REQUESTS, …) in `data`; keep it in the message.
      const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(typeof code === "string" ? `${code}: ${message}` : message);
    }
    const { taskId, reused } = answer;
    return { taskId, reused, sentAt, wallSentAt, respondedAt: performance.now() };
  }

  /** The result of `taskId` from the subscription (it may have arrived already), or undefined after `timeoutMs`. */
  waitFor(taskId: string, timeoutMs: number): Promise<MatchArrival | undefined> {
    const early = this.arrived.get(taskId);
    if (early) {
      this.arrived.delete(taskId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(taskId);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(taskId, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      });
    });
  }

  close(): void {
    this.client.close();
  }
}
