export {
  type BusOptions,
  type BusSubscription,
  type ErrorReporter,
  type EventBus,
  EventBusClosedError,
  type Listener,
} from "./bus";
export { type Channel, type ChannelParse, channelFamily } from "./channel";
export { channelNames, revokedSessionsChannel, sessionRevocationSchema } from "./channels";
export { createEventBus, type EventBusOptions } from "./create-event-bus";
export { createInProcessBus } from "./in-process-bus";
export {
  type ConnectionTotals,
  createInProcessPresence,
  createRedisPresence,
  type LocalConnections,
  type PresenceRegistry,
  type RedisPresenceOptions,
} from "./presence";
export { createRedisBus, type RedisBusOptions } from "./redis-bus";
export { createRedisProbe, type RedisProbe } from "./redis-probe";
export {
  createInProcessTypingStore,
  createRedisTypingStore,
  type TypingStore,
  type TypingUser,
} from "./typing-store";
