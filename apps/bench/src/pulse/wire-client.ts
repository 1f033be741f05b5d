import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import type { ServerProcess } from "../util/child";

/** One subscription a wire client holds: a tRPC procedure path and its input. */
export interface WireSubscription {
  path: string;
  input: unknown;
}

export interface WireClient {
  /** Connect → the first subscription acknowledged ("started"). */
  connectMs: number;
  /** Connect → every subscription acknowledged. */
  readyMs: number;
  /** Connect → the first data frame of each subscription that sent one so far (state streams send their state). */
  firstDataMs: Array<number | undefined>;
  close(): void;
}

interface WireMessage {
  id?: number | string | null;
  result?: { type?: string; data?: unknown };
  error?: { message?: string };
}

const READY_TIMEOUT_MS = 20_000;

/**
 * A Pulse WebSocket that speaks tRPC's JSON wire format directly (no transformer): `?connectionParams=1`, then the
 * `{ token }` connectionParams message, then one `subscription` call per entry of `subscriptions` (ids 1, 2, …).
 * The load generator holds thousands of these: @pulse/client (a typed client, its link chain and observables per
 * socket) would cost the generator more CPU and memory than the server work being measured. `onData` gets each data
 * frame's payload and the index of its subscription, the moment the frame is decoded.
 */
export async function openWireClient(
  server: ServerProcess,
  token: string,
  subscriptions: readonly WireSubscription[],
  onData?: (subscription: number, data: unknown) => void,
  /** Subscriptions (indices) whose first data frame must also have arrived before this resolves (state streams). */
  awaitFirstData: readonly number[] = [],
): Promise<WireClient> {
  const startedAt = performance.now();
  const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/trpc?connectionParams=1`);
  const acked = new Set<number>();
  const firstDataMs: Array<number | undefined> = subscriptions.map(() => undefined);
  let connectMs = Number.NaN;
  let readyMs = Number.NaN;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${server.label}: subscriptions not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      socket.once("open", () => {
        socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
        subscriptions.forEach((subscription, index) => {
          socket.send(
            JSON.stringify({
              id: index + 1,
              method: "subscription",
              params: { path: subscription.path, input: subscription.input },
            }),
          );
        });
      });
      const settleIfDone = () => {
        if (acked.size === subscriptions.length && awaitFirstData.every((i) => firstDataMs[i] !== undefined)) resolve();
      };
      socket.on("message", (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (text === "PING" || text === "PONG") return;
        const message = JSON.parse(text) as WireMessage;
        const index = typeof message.id === "number" ? message.id - 1 : -1;
        if (index < 0 || index >= subscriptions.length) return;
        if (message.error) {
          reject(new Error(`${subscriptions[index]?.path}: ${message.error.message ?? "error"}`));
          return;
        }
        const type = message.result?.type;
        if (type === "started") {
          acked.add(index);
          if (acked.size === 1) connectMs = performance.now() - startedAt;
          if (acked.size === subscriptions.length) readyMs = performance.now() - startedAt;
          settleIfDone();
        } else if (type === "data") {
          firstDataMs[index] ??= performance.now() - startedAt;
          onData?.(index, message.result?.data);
          settleIfDone();
        }
      });
      socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once("error", reject);
      socket.once("close", (code, reason) =>
        reject(new Error(`closed with ${code} ${reason.toString()} before every subscription was acknowledged`)),
      );
    });
  } catch (error) {
    socket.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  socket.on("error", () => {});
  return { connectMs, readyMs, firstDataMs, close: () => socket.close() };
}

/**
 * The tweet id a `notification.onNew` or `feed.onNew` data frame carries: tracked events arrive as
 * `{ id: "<seq>", data: { type: "event", event } }` (a notification has `tweetId`, a feed entry `tweet.id`).
 */
export function tweetIdOf(payload: unknown): string | undefined {
  const tracked = payload as { data?: unknown } | null;
  const envelope = tracked?.data as { type?: unknown; event?: { tweetId?: unknown; tweet?: { id?: unknown } } } | null;
  if (envelope?.type !== "event") return undefined;
  const id = envelope.event?.tweetId ?? envelope.event?.tweet?.id;
  return typeof id === "string" ? id : undefined;
}
