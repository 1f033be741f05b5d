// @pulse/client/react: typed @trpc/react-query hooks and the live-stream helpers of Pulse's web app. Needs react,
// @tanstack/react-query and @trpc/react-query (optional peers: the root entry works without them).
export * from "../live";
export { createLivePulseClient, type LivePulseClient } from "./create-live-pulse-client";
export { createPulseReact, type PulseReact } from "./create-pulse-react";
export { useConnectionStatus } from "./use-connection-status";
export {
  isUnauthorizedError,
  type LiveSubscriptionOptions,
  type LiveSubscriptionState,
  type SubscriptionHandlers,
  type Unsubscribable,
  useLiveSubscription,
} from "./use-live-subscription";
export { useSlot } from "./use-slot";
export { useStore } from "./use-store";
export { type Tracked, type TrackedStreamOptions, useTrackedStream } from "./use-tracked-stream";
