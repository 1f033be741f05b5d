export { CloseCode, type CloseCodeName, closeReason, isSessionEnded, type ServerCloseCode } from "@pulse/protocol";
export type { AppRouter } from "./app-router";
export {
  createPulseClient,
  type PulseClient,
  type PulseClientOptions,
  type PulseTRPCClient,
  reconnectDelay,
  SESSION_ENDED_CLOSE_CODE,
  type WebSocketImplementation,
} from "./client";
export type {
  EngagementCounts,
  FeedEvent,
  MatchResultEvent,
  MatchTaskEvent,
  NotificationEvent,
  ResetEvent,
  RouterInputs,
  RouterOutputs,
  StreamEvents,
  StreamPath,
  TrendingUpdate,
  TypingUpdate,
  UnreadCountUpdate,
} from "./types";
