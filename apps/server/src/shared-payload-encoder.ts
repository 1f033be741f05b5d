import type { DeliveryMetrics } from "@pulse/metrics";
import { type Encoder, jsonEncoder } from "@trpc/server/adapters/ws";

interface DataMessage {
  id: string | number | null;
  jsonrpc?: "2.0";
  result: { type: "data"; id?: string; data: object };
}

const MESSAGE_KEYS = new Set(["id", "jsonrpc", "result"]);
const RESULT_KEYS = new Set(["type", "id", "data"]);

function hasOnlyKeys(value: object, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function isDataMessage(message: unknown): message is DataMessage {
  if (typeof message !== "object" || message === null || !hasOnlyKeys(message, MESSAGE_KEYS)) return false;
  const { result } = message as { result?: unknown };
  if (typeof result !== "object" || result === null || !hasOnlyKeys(result, RESULT_KEYS)) return false;
  const { type, data } = result as { type?: unknown; data?: unknown };
  return type === "data" && typeof data === "object" && data !== null;
}

/** A payload's JSON, and when its event was committed (NaN for payloads that carry no commit time). */
interface SerializedPayload {
  json: string;
  committedAtMs: number;
}

/**
 * The commit time of a persisted stream's item (`{type: "event", event}`, inside tRPC's tracked envelope
 * `{id, data}`): notifications and match results carry `createdAt`, feed entries `addedAt` — the row's timestamp.
 * State streams (counts, trending, typing) have none.
 */
function committedAtOf(payload: object): number {
  const tracked = (payload as { data?: unknown }).data;
  const item = typeof tracked === "object" && tracked !== null ? tracked : payload;
  const { type, event } = item as { type?: unknown; event?: unknown };
  if (type !== "event" || typeof event !== "object" || event === null) return Number.NaN;
  const { createdAt, addedAt } = event as { createdAt?: unknown; addedAt?: unknown };
  const stamp = typeof createdAt === "string" ? createdAt : addedAt;
  return typeof stamp === "string" ? Date.parse(stamp) : Number.NaN;
}

/**
 * tRPC's WebSocket encoder, except that a subscription's payload object is serialized once however many
 * subscribers it reaches: one bus message fans out to every tab of a user, one counts read to every watcher of a
 * tweet, each as the same object — the envelope around it (subscription id, tracked id) is built by concatenation.
 * Payloads are never mutated after they are yielded; weak keys let the JSON go with them. Given `metrics`, each
 * write of a persisted event is observed as a delivery (commit → socket write).
 */
export function createSharedPayloadEncoder(metrics?: DeliveryMetrics): Encoder {
  const serialized = new WeakMap<object, SerializedPayload>();
  const payloadJson = (data: object): string => {
    let payload = serialized.get(data);
    if (payload === undefined) {
      payload = { json: JSON.stringify(data), committedAtMs: metrics ? committedAtOf(data) : Number.NaN };
      serialized.set(data, payload);
    }
    // Encoding is the last step before ws sends the frame: per socket, commit → socket write.
    if (metrics && !Number.isNaN(payload.committedAtMs)) metrics.delivered(payload.committedAtMs);
    return payload.json;
  };
  return {
    encode(message) {
      if (!isDataMessage(message)) return JSON.stringify(message);
      const { id, jsonrpc, result } = message;
      const head = jsonrpc === undefined ? "" : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
      const trackedId = result.id === undefined ? "" : `,"id":${JSON.stringify(result.id)}`;
      return `{${head}"id":${JSON.stringify(id)},"result":{"type":"data"${trackedId},"data":${payloadJson(result.data)}}}`;
    },
    decode: jsonEncoder.decode,
  };
}
