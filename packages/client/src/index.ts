export {
  createPulseClient,
  type PulseClient,
  type PulseClientOptions,
  type PulseTRPCClient,
  reconnectDelay,
} from "./client";
