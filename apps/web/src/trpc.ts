import { createLivePulseClient, createPulseReact, type LivePulseClient } from "@pulse/client/react";
import { QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { isClientError } from "./errors";
import { createLiveSession, type LiveSession } from "./live/session";

export const trpc = createPulseReact();

export type { RouterOutputs, User } from "./api-types";

export type TrpcClients = {
  client: LivePulseClient;
  queryClient: QueryClient;
  live: LiveSession;
};

export function createTrpcClients(): TrpcClients {
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

  // Same origin (the dev server proxies /trpc), authenticated by the HttpOnly session cookie: no token here.
  // The socket opens only when a subscription needs it, so a logged-out page never keeps retrying one.
  const client = createLivePulseClient({
    url: window.location.origin,
    credentials: "include",
    // Logged out elsewhere or revoked (close code 4001): auth.me finds out, and AuthGate shows the login screen.
    onSessionEnded: () => void queryClient.invalidateQueries({ queryKey: getQueryKey(trpc.auth.me) }),
  });

  return { client, queryClient, live: createLiveSession(client.connection, queryClient) };
}
