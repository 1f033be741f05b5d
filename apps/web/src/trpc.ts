import type { AppRouter } from "@pulse/api";
import { QueryClient } from "@tanstack/react-query";
import { createWSClient, httpBatchLink, splitLink, type TRPCWebSocketClient, wsLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { isClientError } from "./errors";
import { createConnectionMonitor } from "./live/connection";
import { createLiveSession, type LiveSession } from "./live/session";

export const trpc = createTRPCReact<AppRouter>();

export type { RouterOutputs, User } from "./api-types";

export type TrpcClients = {
  trpcClient: ReturnType<typeof trpc.createClient>;
  queryClient: QueryClient;
  wsClient: TRPCWebSocketClient;
  live: LiveSession;
};

function webSocketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/trpc`;
}

export function createTrpcClients(): TrpcClients {
  const connection = createConnectionMonitor();
  const wsClient = createWSClient({
    url: webSocketUrl(),
    // Lazy: connect only when a subscription needs it, so a logged-out page
    // never opens (and keeps retrying) an unauthenticated socket.
    lazy: { enabled: true, closeMs: 10_000 },
    // A half-open socket (laptop lid, dead proxy) is noticed within ~25 s and replaced.
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 5_000 },
    // The monitor learns when the next attempt is due, for "reconnecting in N s".
    retryDelayMs: connection.retryDelayMs,
    onOpen: connection.onOpen,
    onClose: connection.onClose,
  });

  const trpcClient = trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: "/trpc",
          // The server refuses a bigger batch whole (TRPC_MAX_BATCH_SIZE, default 25).
          maxItems: 25,
          fetch: (url, options) => fetch(url, { ...options, credentials: "include" }),
        }),
      }),
    ],
  });

  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // 4xx answers (UNAUTHORIZED, BAD_REQUEST, …) won't change on retry.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 3,
        // Live data arrives over subscriptions; refetching on every focus would only add load.
        refetchOnWindowFocus: false,
      },
    },
  });

  return { trpcClient, queryClient, wsClient, live: createLiveSession(connection) };
}
