/**
 * Every WebSocket close code the server sends, in one place: the server closes with these and @pulse/client reacts
 * to them (the READMEs have the same table). 4000–4999 is the application range of RFC 6455; the 1xxx codes are the
 * protocol's own.
 */
export const CloseCode = {
  /** A frame larger than 64 KiB (ws closes the socket itself). */
  MESSAGE_TOO_BIG: 1009,
  /** A text frame that is not valid UTF-8 (ws closes the socket itself). */
  INVALID_PAYLOAD: 1007,
  /** The server is shutting down; reconnect (to another instance). Sent after a tRPC `reconnect` notification. */
  SERVICE_RESTART: 1012,
  /**
   * The connection's session could not be checked (the database did not answer within half of WS_AUTH_DEADLINE_MS);
   * reconnect after a short backoff with the same token. The token was not refused.
   */
  TRY_AGAIN_LATER: 1013,
  /** The session was logged out or revoked; do not reconnect with the same token. */
  SESSION_ENDED: 4001,
  /** No session within WS_AUTH_DEADLINE_MS; reconnect with connectionParams `{ token }`. */
  AUTH_TIMEOUT: 4002,
  /** The user already has WS_MAX_CONNECTIONS_PER_USER sockets open on this instance. */
  TOO_MANY_CONNECTIONS: 4003,
  /** More messages than WS_MAX_MESSAGES_PER_SECOND (beyond the burst); back off before reconnecting. */
  RATE_LIMITED: 4004,
  /**
   * More than WS_MAX_BUFFERED_BYTES waited to be sent; reconnect and resume with lastEventId. The close frame
   * queues behind that backlog (TCP delivers in order), so only a client that reads it all within WS_PONG_WAIT_MS
   * sees 4005; one that has stopped reading is then terminated and sees 1006 (abnormal closure). Either way, resume.
   */
  SLOW_CONSUMER: 4005,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type ServerCloseCode = (typeof CloseCode)[CloseCodeName];

/** The close frame's reason text (at most 123 bytes). */
export const closeReason: Record<ServerCloseCode, string> = {
  1007: "Invalid UTF-8",
  1009: "Message too big",
  1012: "Server restarting",
  1013: "Session could not be checked; reconnect shortly",
  4001: "Session ended",
  4002: "Not authenticated in time",
  4003: "Too many connections for this user",
  4004: "Too many messages",
  4005: "Slow consumer; reconnect and resume with lastEventId",
};

/** Whether a close code means the session is over: reconnecting with the same token cannot succeed. */
export function isSessionEnded(code: number | undefined): boolean {
  return code === CloseCode.SESSION_ENDED;
}
