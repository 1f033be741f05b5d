import type { AppRouter } from "@pulse/api";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, type TRPCClient, wsLink } from "@trpc/client";
import WebSocket from "ws";

export interface PulseClientOptions {
  /** Base URL of a Pulse server, e.g. http://localhost:3000 (the client adds /trpc). */
  url: string;
  /** A fixed session token, or a function asked on every request and every (re)connect. */
  token?: string;
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** Extra headers for HTTP requests (e.g. Origin in tests). */
  headers?: Record<string, string>;
  /** Override the reconnect delay (attempt index → ms); default: exponential with jitter, capped at 30 s. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Called when the server ends the session's sockets (4001: logged out or revoked). The client then stops
   * reconnecting: retrying with the same token cannot succeed.
   */
  onSessionEnded?: () => void;
}

/** Close codes after which reconnecting with the same credentials is pointless (see the server's close-codes.ts). */
export const SESSION_ENDED_CLOSE_CODE = 4001;

export type PulseTRPCClient = TRPCClient<AppRouter>;

/** Exponential backoff with full jitter, capped: 0.5–1 s, 1–2 s, … up to 15–30 s. */
export function reconnectDelay(attempt: number, capMs = 30_000): number {
  const ceiling = Math.min(capMs, 1000 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * A typed Pulse client for Node services (and browsers): subscriptions over one WebSocket, everything else over
 * batched HTTP, authenticated by `Authorization: Bearer` and by the WebSocket's connectionParams.
 */
export function createPulseClient(options: PulseClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const resolveToken = async () => (options.getToken ? await options.getToken() : options.token);
  const wsClient: ReturnType<typeof createWSClient> = createWSClient({
    url: `${base.replace(/^http/, "ws")}/trpc`,
    // Node 20 has no global WebSocket; in browsers the global one is used.
    WebSocket: (globalThis.WebSocket ?? WebSocket) as typeof globalThis.WebSocket,
    connectionParams: async () => {
      const token = await resolveToken();
      return token ? { token } : {};
    },
    retryDelayMs: options.retryDelayMs ?? reconnectDelay,
    onClose: (cause) => {
      if (cause?.code !== SESSION_ENDED_CLOSE_CODE) return;
      options.onSessionEnded?.();
      wsClient.close();
    },
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 5_000 },
    // Open the socket only while a subscription needs it: a client that only queries holds no connection, and an
    // anonymous one is not cut at the server's auth deadline over and over.
    lazy: { enabled: true, closeMs: 5_000 },
  });
  const trpc: PulseTRPCClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: `${base}/trpc`,
          // The server refuses a bigger batch whole (TRPC_MAX_BATCH_SIZE, default 25).
          maxItems: 25,
          headers: async () => {
            const token = await resolveToken();
            return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
          },
        }),
      }),
    ],
  });
  return {
    trpc,
    wsClient,
    /** Observable connection state of the WebSocket: idle | connecting | pending, with the last error. */
    connectionState: wsClient.connectionState,
    close: () => wsClient.close(),
  };
}

export type PulseClient = ReturnType<typeof createPulseClient>;
