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

/**
 * tRPC's WebSocket encoder, except that a subscription's payload object is serialized once however many
 * subscribers it reaches: one bus message fans out to every tab of a user, one counts read to every watcher of a
 * tweet, each as the same object — the envelope around it (subscription id, tracked id) is built by concatenation.
 * Payloads are never mutated after they are yielded; weak keys let the JSON go with them.
 */
export function createSharedPayloadEncoder(): Encoder {
  const serialized = new WeakMap<object, string>();
  const payloadJson = (data: object): string => {
    let json = serialized.get(data);
    if (json === undefined) {
      json = JSON.stringify(data);
      serialized.set(data, json);
    }
    return json;
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
