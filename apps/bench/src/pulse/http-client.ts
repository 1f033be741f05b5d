import type { AppRouter } from "@pulse/api";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";

/**
 * A typed Pulse client without a WebSocket, for accounts that only mutate (burst likers, set-up): `@pulse/client`
 * always opens its WebSocket at creation, and a thousand of those opening during the burst would be measured too.
 */
export function createHttpClient(serverUrl: string, token: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serverUrl}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}
