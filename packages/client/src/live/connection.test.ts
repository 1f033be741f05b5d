import { describe, expect, it } from "vitest";
import {
  type ConnectionInputs,
  createConnectionMonitor,
  deriveStatus,
  describeConnection,
  reconnectDelayMs,
} from "./connection";

const base: ConnectionInputs = {
  state: "idle",
  hasError: false,
  everConnected: false,
  browserOnline: true,
  retryAt: null,
  closeCode: null,
};

describe("connection status", () => {
  it("derives what the indicator shows", () => {
    expect(deriveStatus(base)).toEqual({ kind: "connecting" });
    expect(deriveStatus({ ...base, state: "pending" })).toEqual({ kind: "connected" });
    expect(
      deriveStatus({ ...base, state: "connecting", everConnected: true, retryAt: 5_000, closeCode: 1012 }),
    ).toEqual({
      kind: "reconnecting",
      retryAt: 5_000,
      closeCode: 1012,
    });
    expect(deriveStatus({ ...base, state: "connecting", hasError: true })).toMatchObject({ kind: "reconnecting" });
    expect(deriveStatus({ ...base, state: "pending", browserOnline: false })).toEqual({ kind: "offline" });
  });

  it("counts down to the next attempt", () => {
    const status = { kind: "reconnecting", retryAt: 10_000, closeCode: null } as const;
    expect(describeConnection(status, 7_100)).toBe("Reconnecting in 3 s…");
    expect(describeConnection(status, 10_500)).toBe("Reconnecting…");
    expect(describeConnection({ kind: "connected" }, 0)).toBe("Live");
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(500);
    expect(reconnectDelayMs(0, () => 1)).toBe(1_000);
    expect(reconnectDelayMs(2, () => 0.5)).toBe(3_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(10_000);
  });

  it("uses the retry delays it is given and works without a browser", () => {
    const monitor = createConnectionMonitor({ retryDelayMs: () => 2_000 });
    const detach = monitor.attach({ subscribe: () => ({ unsubscribe: () => {} }) });
    const before = Date.now();
    expect(monitor.retryDelayMs(3)).toBe(2_000);
    monitor.onClose({ code: 1013 });
    expect(monitor.status.get()).toEqual({ kind: "connecting" });
    const status = deriveStatus({ ...base, state: "connecting", hasError: true, retryAt: before + 2_000 });
    expect(describeConnection(status, before)).toBe("Reconnecting in 2 s…");
    detach();
  });

  it("follows the wsClient's state, its retry schedule and the browser's online events", () => {
    let online = true;
    const monitor = createConnectionMonitor({ isOnline: () => online });
    let next: (value: { state: "idle" | "connecting" | "pending"; error: unknown }) => void = () => {};
    let unsubscribed = false;
    const listeners = new Map<string, () => void>();
    const detach = monitor.attach(
      {
        subscribe(observer) {
          next = observer.next;
          return {
            unsubscribe: () => {
              unsubscribed = true;
            },
          };
        },
      },
      {
        addEventListener: (type, listener) => listeners.set(type, listener),
        removeEventListener: (type) => listeners.delete(type),
      },
    );
    next({ state: "connecting", error: null });
    expect(monitor.status.get()).toEqual({ kind: "connecting" });
    monitor.onOpen();
    next({ state: "pending", error: null });
    expect(monitor.status.get()).toEqual({ kind: "connected" });
    monitor.onClose({ code: 1012 });
    next({ state: "connecting", error: new Error("closed") });
    const delay = monitor.retryDelayMs(0);
    const status = monitor.status.get();
    expect(status.kind).toBe("reconnecting");
    if (status.kind === "reconnecting") {
      expect(status.closeCode).toBe(1012);
      expect(status.retryAt).toBeGreaterThanOrEqual(Date.now() + delay - 50);
    }
    online = false;
    listeners.get("offline")?.();
    expect(monitor.status.get()).toEqual({ kind: "offline" });
    listeners.get("online")?.();
    next({ state: "pending", error: null });
    expect(monitor.status.get()).toEqual({ kind: "connected" });
    detach();
    expect(unsubscribed).toBe(true);
    expect(listeners.size).toBe(0);
  });
});
