export {
  createPulseClient,
  type PulseClient,
  type PulseClientOptions,
  type PulseTRPCClient,
  reconnectDelay,
  SESSION_ENDED_CLOSE_CODE,
} from "./client";
