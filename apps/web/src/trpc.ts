import type { AppRouter } from "@pulse/api";
import { QueryClient } from "@tanstack/react-query";
import { createWSClient, httpBatchLink, splitLink, type TRPCWebSocketClient, wsLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { isClientError } from "./errors";

export const trpc = createTRPCReact<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type User = RouterOutputs["auth"]["me"];

export type TrpcClients = {
  trpcClient: ReturnType<typeof trpc.createClient>;
  queryClient: QueryClient;
  wsClient: TRPCWebSocketClient;
};

function webSocketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/trpc`;
}

export function createTrpcClients(): TrpcClients {
  const wsClient = createWSClient({
    url: webSocketUrl(),
    // Lazy: connect only when a subscription needs it, so a logged-out page
    // never opens (and keeps retrying) an unauthenticated socket.
    lazy: { enabled: true, closeMs: 10_000 },
  });

  const trpcClient = trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: "/trpc",
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
      },
    },
  });

  return { trpcClient, queryClient, wsClient };
}
