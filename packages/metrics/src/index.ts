export { boundedCollect } from "./bounded-collect";
export { bearerMatches, type MetricsEndpointOptions, serveMetrics } from "./metrics-endpoint";
export { createPulseMetrics, PulseMetrics, type PulseMetricsOptions } from "./pulse-metrics";
export type {
  ApiMetrics,
  BusMetrics,
  DeliveryMetrics,
  DependencyMetrics,
  JobMetrics,
  JobOutcome,
} from "./recorders";
export type { OutboxSource, QueueSource, QueueState, WebSocketSource } from "./sources";
