// Framework-free helpers for live streams: no React, no DOM types; the React entry re-exports them.
export {
  BROWSER_RETRY_CAP_MS,
  type ConnectionInputs,
  type ConnectionMonitor,
  type ConnectionMonitorOptions,
  type ConnectionStateObservable,
  type ConnectionStatus,
  createConnectionMonitor,
  deriveStatus,
  describeConnection,
  type OnlineEventTarget,
  reconnectDelayMs,
} from "./connection";
export { createStreamCursors, type StreamCursors } from "./cursors";
export { createSlotPool, type SlotPool } from "./slot-pool";
export { createStore, type Store } from "./store";
