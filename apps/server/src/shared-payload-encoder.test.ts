import { describe, expect, it } from "vitest";
import { createSharedPayloadEncoder } from "./shared-payload-encoder";

describe("shared payload encoder", () => {
  it("writes what JSON.stringify writes, for data messages and everything else", () => {
    const encoder = createSharedPayloadEncoder();
    const messages = [
      {
        id: 7,
        result: { type: "data", id: "42", data: { type: "event", event: { seq: 42, text: 'quote " and \u2028' } } },
      },
      { id: "s1", jsonrpc: "2.0", result: { type: "data", data: { unread: 3 } } },
      { id: 1, result: { type: "started" } },
      { id: 2, result: { type: "data", data: 5 } },
      { id: 3, result: { type: "data" } },
      { id: null, error: { code: -32700, message: "bad" } },
      { id: 4, result: { type: "data", data: { a: 1 }, extra: true } },
    ];
    for (const message of messages) {
      expect(JSON.parse(String(encoder.encode(message)))).toEqual(JSON.parse(JSON.stringify(message)));
    }
  });

  it("serializes one payload once for every subscriber it reaches", () => {
    const encoder = createSharedPayloadEncoder();
    let serializations = 0;
    const payload = {
      toJSON() {
        serializations++;
        return { seq: 1 };
      },
    };
    const frames = [1, 2, 3].map((id) =>
      JSON.parse(String(encoder.encode({ id, result: { type: "data", id: "1", data: payload } }))),
    );
    expect(serializations).toBe(1);
    expect(frames).toEqual([1, 2, 3].map((id) => ({ id, result: { type: "data", id: "1", data: { seq: 1 } } })));
    // Another object with equal content is another payload.
    encoder.encode({ id: 4, result: { type: "data", data: { ...payload } } });
    expect(serializations).toBe(2);
  });
});
