import { createConnectionLimits } from "@pulse/api";
import type { Logger } from "pino";
import { type RawData, WebSocket } from "ws";
import { CloseCode, type CloseCodeName, closeReason } from "./close-codes";
import type { ConnectionRegistry } from "./connection-registry";
import { onDeadline } from "./deadline-timer";
import { batchRefusalFrames } from "./ws-batch-refusal";

/** The WebSocket limits of one server (config keys WS_*). */
export interface WsLimits {
  /** Idle time before the server pings a peer. */
  pingMs: number;
  /** Time a pinged peer has to answer, and a peer asked to close has to finish closing, before it is terminated. */
  pongWaitMs: number;
  authDeadlineMs: number;
  maxConnectionsPerUser: number;
  maxSubscriptionsPerConnection: number;
  maxMessagesPerSecond: number;
  /** Token-bucket size: messages a connection may send at once. */
  messageBurst: number;
  maxBufferedBytes: number;
  /** Calls one frame (a tRPC batch) may carry; a bigger batch is answered with BAD_REQUEST and none of it runs. */
  maxBatchSize: number;
  /** Sockets without a session yet from one client IP; the next upgrade is refused with 429. */
  maxAnonymousPerIp: number;
  /** Sockets without a session yet on this instance; the next upgrade is refused with 503. */
  maxAnonymousConnections: number;
}

/** Why the server ended a connection: a close code it sent, a dead peer, or a peer that never finished closing. */
export type ServerCloseReason = CloseCodeName | "DEAD_PEER" | "CLOSE_TIMEOUT";

/**
 * The class ws instantiates for every server-side connection: its guard sees each incoming message before the
 * router does (and drops it when the connection is over its limits or already closing), and each outgoing frame
 * right after it was queued.
 */
export class GuardedWebSocket extends WebSocket {
  guard: ConnectionGuard | undefined;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "message" && this.guard && !this.guard.admit(args[0] as RawData)) return false;
    return super.emit(event, ...args);
  }

  override send(data: Parameters<WebSocket["send"]>[0], ...rest: unknown[]): void {
    (super.send as (data: unknown, ...rest: unknown[]) => void)(data, ...rest);
    this.guard?.afterSend();
  }
}

const OPEN_BRACKET = 0x5b;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The calls of a frame that is a tRPC batch (a JSON array), or undefined for any other frame. Only arrays are
 * parsed here, and only to count; tRPC parses the frame again if the guard lets it through.
 */
export function batchCalls(data: RawData): unknown[] | undefined {
  if (!Buffer.isBuffer(data)) return undefined;
  let index = 0;
  while (index < data.length && JSON_WHITESPACE.has(data[index] as number)) index++;
  if (data[index] !== OPEN_BRACKET) return undefined;
  try {
    const batch: unknown = JSON.parse(data.toString("utf8"));
    return Array.isArray(batch) ? batch : undefined;
  } catch {
    return undefined;
  }
}

/** How many calls a frame carries: each call of a batch counts. */
export function messageCost(data: RawData): number {
  return Math.max(1, batchCalls(data)?.length ?? 1);
}

export interface ConnectionGuardOptions {
  limits: WsLimits;
  registry: ConnectionRegistry<ConnectionGuard>;
  logger: Logger;
  ip: string;
  onServerClose?(reason: ServerCloseReason): void;
  /** Stops counting the connection as anonymous (see AnonymousAdmission); called once it authenticates or closes. */
  releaseAnonymous?(): void;
}

/**
 * Everything one connection is allowed, and the timers that enforce it: keep-alive (protocol-level ping, answered
 * by every RFC 6455 client, browsers included), the authentication deadline, the per-user cap (through the
 * registry), the subscription slots (enforced by the router), the inbound message rate (a token bucket) and the
 * outbound buffer bound. Every timer and registry entry is released when the socket closes.
 */
export class ConnectionGuard {
  /** Handed to the router in the context: subscription slots of this connection. */
  readonly slots: ReturnType<typeof createConnectionLimits>;
  readonly #socket: GuardedWebSocket;
  readonly #options: ConnectionGuardOptions;
  #userId: string | undefined;
  #closing = false;
  /** Its session ended: every later message is dropped while the close is on its way. */
  #sessionEnded = false;
  #sessionExpiry: { clear(): void } | undefined;
  #lastSeen = Date.now();
  #awaitingPong = false;
  #heartbeat: NodeJS.Timeout;
  #authDeadline: NodeJS.Timeout | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #tokens: number;
  #refilledAt = performance.now();

  /** This connection's logger (its connection id on every line). */
  get logger(): Logger {
    return this.#options.logger;
  }

  constructor(socket: GuardedWebSocket, options: ConnectionGuardOptions) {
    const { limits } = options;
    this.#socket = socket;
    this.#options = options;
    this.slots = createConnectionLimits(limits.maxSubscriptionsPerConnection);
    this.#tokens = limits.messageBurst;
    socket.guard = this;
    options.registry.add(this);
    socket.on("pong", () => this.#seen());
    socket.once("close", () => this.#dispose());
    this.#heartbeat = setTimeout(this.#beat, limits.pingMs);
    // Also covers `?connectionParams=1` connections that never send their params: tRPC would wait forever.
    this.#authDeadline = setTimeout(() => {
      this.#authDeadline = undefined;
      if (this.#userId === undefined) this.close("AUTH_TIMEOUT");
    }, limits.authDeadlineMs);
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  /** Whether the connection still takes messages (not closing or closed, and its session did not end). */
  get open(): boolean {
    return !this.#closing && !this.#sessionEnded && this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Makes the connection the user's once its context resolved to a session. False when it is closed or closing
   * (e.g. the deadline passed during the lookup), and when the user is at the per-user cap: that connection is
   * closed with TOO_MANY_CONNECTIONS and must run anonymous until it is gone. At `expiresAt` the connection is
   * closed with SESSION_ENDED: a context's session is resolved once per socket, so nothing else would notice.
   */
  authenticate(userId: string, expiresAt: Date): boolean {
    if (!this.open) return false;
    if (!this.#options.registry.authenticate(this, userId)) {
      this.#options.logger.warn({ userId, ip: this.#options.ip }, "websocket over the per-user connection cap");
      this.close("TOO_MANY_CONNECTIONS");
      return false;
    }
    this.#userId = userId;
    clearTimeout(this.#authDeadline);
    this.#authDeadline = undefined;
    this.#options.releaseAnonymous?.();
    this.#sessionExpiry = onDeadline(expiresAt.getTime(), () => this.close("SESSION_ENDED"));
    return true;
  }

  /**
   * The session was logged out or revoked: from now on every message is dropped, before the router sees it. The
   * close frame follows on the next turn of the event loop, so that a logout sent over this very socket still gets
   * its response (tRPC sends it once the procedure returned, microtasks after the revocation).
   */
  endSession(): void {
    if (this.#closing || this.#sessionEnded) return;
    this.#sessionEnded = true;
    setImmediate(() => this.close("SESSION_ENDED"));
  }

  /** Registers a listener for the socket's end. */
  onClose(listener: () => void): void {
    this.#socket.once("close", listener);
  }

  /**
   * Called for each incoming message before the router sees it; false drops it. Every call of a batch is charged to
   * the message rate first (so a huge batch closes the socket as a flood), then a batch over maxBatchSize is
   * answered with one refusal per call id instead of running.
   */
  admit(data: RawData): boolean {
    if (!this.open) return false;
    this.#seen();
    const calls = batchCalls(data);
    if (!this.#take(Math.max(1, calls?.length ?? 1))) {
      this.#options.logger.warn({ userId: this.#userId, ip: this.#options.ip }, "websocket message flood");
      this.close("RATE_LIMITED");
      return false;
    }
    const { maxBatchSize } = this.#options.limits;
    if (calls === undefined || calls.length <= maxBatchSize) return true;
    this.#options.logger.info({ userId: this.#userId, ip: this.#options.ip, calls: calls.length }, "batch refused");
    for (const frame of batchRefusalFrames(calls, maxBatchSize)) this.#socket.send(frame);
    return false;
  }

  /** Called after each frame was queued: a peer that does not read must not make the server buffer without bound. */
  afterSend(): void {
    if (this.#closing || this.#socket.bufferedAmount <= this.#options.limits.maxBufferedBytes) return;
    this.#options.logger.info({ userId: this.#userId, ip: this.#options.ip }, "websocket slow consumer");
    this.close("SLOW_CONSUMER");
  }

  /** Closes with the code's close frame; terminates the socket if the closing handshake has not ended in time. */
  close(reason: Exclude<CloseCodeName, "MESSAGE_TOO_BIG" | "INVALID_PAYLOAD">): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#options.onServerClose?.(reason);
    const code = CloseCode[reason];
    this.#socket.close(code, closeReason[code]);
    this.#killTimer = setTimeout(() => {
      this.#options.onServerClose?.("CLOSE_TIMEOUT");
      this.#socket.terminate();
    }, this.#options.limits.pongWaitMs);
  }

  #seen(): void {
    this.#lastSeen = Date.now();
    this.#awaitingPong = false;
  }

  /** A peer silent for pingMs is pinged; one still silent pongWaitMs later is dead and terminated. */
  readonly #beat = (): void => {
    const { pingMs, pongWaitMs } = this.#options.limits;
    if (this.#awaitingPong) {
      this.#options.onServerClose?.("DEAD_PEER");
      this.#socket.terminate();
      return;
    }
    const idle = Date.now() - this.#lastSeen;
    if (idle < pingMs) {
      this.#heartbeat = setTimeout(this.#beat, pingMs - idle);
      return;
    }
    this.#awaitingPong = true;
    this.#socket.ping();
    this.#heartbeat = setTimeout(this.#beat, pongWaitMs);
  };

  /** Token bucket: refills at maxMessagesPerSecond up to messageBurst; false when `cost` is more than it holds. */
  #take(cost: number): boolean {
    const { maxMessagesPerSecond, messageBurst } = this.#options.limits;
    const now = performance.now();
    this.#tokens = Math.min(messageBurst, this.#tokens + ((now - this.#refilledAt) * maxMessagesPerSecond) / 1000);
    this.#refilledAt = now;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  #dispose(): void {
    clearTimeout(this.#heartbeat);
    clearTimeout(this.#authDeadline);
    clearTimeout(this.#killTimer);
    this.#sessionExpiry?.clear();
    this.#closing = true;
    this.#options.releaseAnonymous?.();
    this.#options.registry.remove(this);
  }
}
