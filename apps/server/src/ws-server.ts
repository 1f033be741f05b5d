import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type ApiDeps, appRouter, readSessionCookie } from "@pulse/api";
import type { PulseMetrics } from "@pulse/metrics";
import type { LocalConnections } from "@pulse/realtime";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { type WebSocket, WebSocketServer } from "ws";
import { type AdmissionRefusal, AnonymousAdmission } from "./anonymous-admission";
import { clientIp, type TrustProxy } from "./client-ip";
import { CloseCode, closeReason } from "./close-codes";
import { ConnectionRegistry } from "./connection-registry";
import { originAllowed } from "./origin";
import type { SessionSockets } from "./session-sockets";
import { createSharedPayloadEncoder } from "./shared-payload-encoder";
import { ConnectionGuard, GuardedWebSocket, type ServerCloseReason, type WsLimits } from "./ws-guard";
import { createWsContext } from "./ws-session-lookup";

export interface WsServerOptions {
  server: Server;
  deps: ApiDeps;
  sessionSockets: SessionSockets;
  allowedOrigins: readonly string[];
  trustProxy: TrustProxy;
  /** Largest accepted frame; bigger ones close the socket with 1009. */
  maxPayloadBytes?: number;
  /** Keep-alive, auth deadline, caps, rates and buffer bound of every connection (see ws-guard.ts). */
  limits: WsLimits;
  /** Told after every change, with a reader of this instance's connections (for cluster-wide `stats.connections`). */
  onConnectionsChange?: (read: () => LocalConnections) => void;
  /** Connections, closes and refusals are read at scrape time; deliveries observed as they are written. */
  metrics?: PulseMetrics | undefined;
}

function guardOf(socket: WebSocket): ConnectionGuard | undefined {
  return socket instanceof GuardedWebSocket ? socket.guard : undefined;
}

function rejectUpgrade(socket: Duplex, status: 403 | 404 | 429 | 503, reason: string, headers = ""): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`);
}

/** The refused upgrade's status: this address holds its share of anonymous sockets, or the instance is full. */
const refusalStatus: Record<AdmissionRefusal, [429 | 503, string]> = {
  ANONYMOUS_PER_IP: [429, "Too Many Requests"],
  ANONYMOUS_INSTANCE: [503, "Service Unavailable"],
};

/** tRPC over WebSocket at /trpc on the HTTP server's port, with the Origin allow-list checked before the upgrade. */
export function attachWsServer(options: WsServerOptions) {
  const { deps, sessionSockets } = options;
  const allowedOrigins = new Set(options.allowedOrigins);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: Math.min(options.maxPayloadBytes ?? 64 * 1024, 64 * 1024),
    WebSocket: GuardedWebSocket,
  });

  const registry: ConnectionRegistry<ConnectionGuard> = new ConnectionRegistry<ConnectionGuard>({
    maxConnectionsPerUser: options.limits.maxConnectionsPerUser,
    // The snapshot copies every user: taken when presence writes (coalesced), never per connect.
    ...(options.onConnectionsChange
      ? { onChange: () => options.onConnectionsChange?.(() => registry.snapshot()) }
      : {}),
  });
  const closes = new Map<ServerCloseReason, number>();
  const admission = new AnonymousAdmission({
    maxPerIp: options.limits.maxAnonymousPerIp,
    maxTotal: options.limits.maxAnonymousConnections,
  });
  const refusals = new Map<AdmissionRefusal, number>();
  /** Each upgrading request's client address and its place among the anonymous sockets, until its guard exists. */
  const admitted = new WeakMap<IncomingMessage, { ip: string; release: () => void }>();
  // Registered before tRPC's own listener, so the guard sees every message first. It also replaces tRPC's
  // keep-alive, whose text PING only tRPC clients answer.
  wss.on("connection", (socket, req) => {
    const place = admitted.get(req);
    const ip = place?.ip ?? clientIp(req, options.trustProxy);
    new ConnectionGuard(socket as GuardedWebSocket, {
      limits: options.limits,
      registry,
      // Every line about this socket, from the guard or from a procedure it calls, carries its connection id.
      logger: deps.logger.child({ connectionId: randomUUID() }),
      ip,
      onServerClose: (reason) => closes.set(reason, (closes.get(reason) ?? 0) + 1),
      ...(place ? { releaseAnonymous: place.release } : {}),
    });
  });

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    experimental_encoder: createSharedPayloadEncoder(options.metrics),
    createContext: async ({ req, res: socket, info }) => {
      const paramsToken = info.connectionParams?.token;
      const guard = guardOf(socket);
      const meta = {
        transport: "ws" as const,
        ip: clientIp(req, options.trustProxy),
        // Browsers authenticate with the HttpOnly cookie (the Origin was checked at upgrade); services with the token.
        token: paramsToken || readSessionCookie(req.headers.cookie, deps.cookieSecure),
        ...(guard ? { connection: guard.slots, logger: guard.logger } : {}),
      };
      // The session is resolved once per socket: a lookup the database did not answer is retried, within half the
      // auth deadline, and then the client is told to reconnect soon (1013) rather than live on as anonymous.
      const context = await createWsContext(deps, meta, {
        budgetMs: options.limits.authDeadlineMs / 2,
        stillWanted: () => guard?.open ?? true,
      });
      if (context.sessionUnavailable) guard?.close("TRY_AGAIN_LATER");
      if (!context.session) return context;
      // Over the per-user cap (closed with 4003), or closed during the lookup: no session for this socket.
      if (!guard?.authenticate(context.session.user.id, context.session.expiresAt))
        return { ...context, session: null };
      sessionSockets.add(context.session.sessionId, guard);
      return context;
    },
    // The error formatter logs internal errors once, under the request id it sends; see http-handler.ts.
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR" && !ctx)
        deps.logger.error({ err: error, path }, "ws procedure failed");
    },
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname !== "/trpc") return rejectUpgrade(socket, 404, "Not Found");
    // A page from a foreign origin must not ride the user's cookie into a WebSocket.
    if (!originAllowed(req, allowedOrigins, options.trustProxy)) {
      deps.logger.warn({ origin: req.headers.origin }, "websocket upgrade from a foreign origin refused");
      return rejectUpgrade(socket, 403, "Forbidden");
    }
    // Every socket is anonymous until its context resolves to a session: counted from before ws accepts it.
    const ip = clientIp(req, options.trustProxy);
    const place = admission.admit(ip);
    if ("refused" in place) {
      refusals.set(place.refused, (refusals.get(place.refused) ?? 0) + 1);
      deps.logger.warn({ ip, reason: place.refused }, "websocket upgrade refused: too many anonymous sockets");
      const [status, text] = refusalStatus[place.refused];
      return rejectUpgrade(socket, status, text, "Retry-After: 5\r\n");
    }
    // A handshake ws refuses (bad headers) never reaches "connection": its place is freed with the TCP socket.
    socket.once("close", place.release);
    admitted.set(req, { ip, release: place.release });
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  options.server.on("upgrade", onUpgrade);
  options.metrics?.watchWebSockets({
    counts() {
      const stats = registry.stats();
      return {
        authenticated: stats.totalUserConnections,
        anonymous: stats.globalConnections,
        activeUsers: stats.activeUsers,
      };
    },
    connectionsPerUser: () => registry.connectionsPerUser(),
    closes,
    upgradeRefusals: refusals,
  });

  return {
    wss,
    /** This instance's connections by user: `registry.stats()` is the local part of `stats.connections`. */
    registry,
    /** How many connections the server ended, by reason (close code name, DEAD_PEER, CLOSE_TIMEOUT). */
    closes: closes as ReadonlyMap<ServerCloseReason, number>,
    /** How many upgrades were refused for too many anonymous sockets, by reason. */
    upgradeRefusals: refusals as ReadonlyMap<AdmissionRefusal, number>,
    /** Sockets that have no session yet (AnonymousAdmission). */
    admission,
    get connectionCount() {
      return wss.clients.size;
    },
    /** Asks every client to reconnect (to another instance), then closes what is left with 1012 Service Restart. */
    async close(graceMs = 500): Promise<void> {
      options.server.off("upgrade", onUpgrade);
      handler.broadcastReconnectNotification();
      await new Promise((resolve) => setTimeout(resolve, Math.min(graceMs, 100)));
      for (const client of wss.clients) client.close(CloseCode.SERVICE_RESTART, closeReason[CloseCode.SERVICE_RESTART]);
      const deadline = Date.now() + graceMs;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
