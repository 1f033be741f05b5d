import { CloseCode, isSessionEnded } from "@pulse/protocol";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  type TRPCWebSocketClient,
  wsLink,
} from "@trpc/client";
import type { AppRouter } from "./app-router";
import { reconnectDelay } from "./backoff";

export { reconnectDelay };

/** A WebSocket class as browsers, Node ≥ 22 and the `ws` package provide it. */
export type WebSocketImplementation = typeof globalThis.WebSocket;

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
  /** Told when the WebSocket opens and closes (with the close code), e.g. by a connection monitor. */
  onOpen?: () => void;
  onClose?: (cause?: { code?: number }) => void;
  /** Whether HTTP requests carry cookies; "include" for a page authenticated by a session cookie on another origin. */
  credentials?: "include" | "same-origin" | "omit";
  /**
   * The WebSocket class; default: the global one (browsers, Node ≥ 22), else the `ws` package if it is installed
   * (Node 20 has no global WebSocket).
   */
  WebSocket?: WebSocketImplementation;
  /**
   * Called when the server ends the session's sockets (close code 4001: logged out or revoked). The client then stops
   * reconnecting: retrying with the same token cannot succeed.
   */
  onSessionEnded?: () => void;
}

/** Close code after which reconnecting with the same credentials is pointless. */
export const SESSION_ENDED_CLOSE_CODE = CloseCode.SESSION_ENDED;

export type PulseTRPCClient = TRPCClient<AppRouter>;

export interface PulseClient {
  /** The typed tRPC client: `pulse.trpc.notification.onNew.subscribe(…)`, `pulse.trpc.auth.login.mutate(…)`. */
  trpc: PulseTRPCClient;
  wsClient: TRPCWebSocketClient;
  /** Observable connection state of the WebSocket: idle | connecting | pending, with the last error. */
  connectionState: TRPCWebSocketClient["connectionState"];
  /** Closes the WebSocket and stops reconnecting. */
  close: () => void;
}

/**
 * The global WebSocket, else `ws` loaded on demand: a static import would make `ws` a hard dependency and break
 * browser bundles. process.getBuiltinModule (Node ≥ 20.16) reaches createRequire without importing "node:module".
 */
function defaultWebSocket(): WebSocketImplementation {
  if (globalThis.WebSocket) return globalThis.WebSocket;
  const createRequire = globalThis.process?.getBuiltinModule?.("node:module")?.createRequire;
  if (!createRequire) throw new Error("No WebSocket implementation: pass the WebSocket option");
  // In the CommonJS build import.meta is empty; __filename is there instead.
  const base = typeof __filename === "string" ? __filename : import.meta.url;
  try {
    return createRequire(base)("ws") as WebSocketImplementation;
  } catch (cause) {
    throw new Error("This Node.js has no global WebSocket: npm install ws (or pass the WebSocket option)", { cause });
  }
}

/**
 * A typed Pulse client for Node services (and browsers): subscriptions over one WebSocket, everything else over
 * batched HTTP, authenticated by `Authorization: Bearer` and by the WebSocket's connectionParams.
 */
export function createPulseClient(options: PulseClientOptions): PulseClient {
  const base = options.url.replace(/\/+$/, "");
  const resolveToken = async () => (options.getToken ? await options.getToken() : options.token);
  const wsClient: TRPCWebSocketClient = createWSClient({
    url: `${base.replace(/^http/, "ws")}/trpc`,
    WebSocket: options.WebSocket ?? defaultWebSocket(),
    connectionParams: async () => {
      const token = await resolveToken();
      return token ? { token } : {};
    },
    retryDelayMs: options.retryDelayMs ?? reconnectDelay,
    onOpen: options.onOpen,
    onClose: (cause) => {
      options.onClose?.(cause);
      if (!isSessionEnded(cause?.code)) return;
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
          ...(options.credentials && {
            fetch: (url, init) => fetch(url, { ...init, credentials: options.credentials }),
          }),
          headers: async () => {
            const token = await resolveToken();
            return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
          },
        }),
      }),
    ],
  });
  return { trpc, wsClient, connectionState: wsClient.connectionState, close: () => wsClient.close() };
}
