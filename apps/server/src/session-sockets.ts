import { CloseCode } from "./close-codes";

/** Close code sent to a socket whose session was logged out, revoked or expired (every code: close-codes.ts). */
export const SESSION_ENDED_CLOSE_CODE = CloseCode.SESSION_ENDED;

/** What SessionSockets needs of a connection (ConnectionGuard in the server). */
export interface SessionConnection {
  /** Refuses every later message at once, then closes with SESSION_ENDED (terminating a peer that never acks). */
  endSession(): void;
  /** Registers a listener for the connection's end. */
  onClose(listener: () => void): void;
}

/** Which open connections belong to which session, so logout can end them. */
export class SessionSockets<Connection extends SessionConnection = SessionConnection> {
  readonly #bySession = new Map<string, Set<Connection>>();

  add(sessionId: string, connection: Connection): void {
    let connections = this.#bySession.get(sessionId);
    if (!connections) {
      connections = new Set();
      this.#bySession.set(sessionId, connections);
    }
    const set = connections;
    set.add(connection);
    connection.onClose(() => {
      set.delete(connection);
      if (set.size === 0 && this.#bySession.get(sessionId) === set) this.#bySession.delete(sessionId);
    });
  }

  /**
   * Ends every connection of the session, synchronously: called when a logout commits (or a revocation or expiry
   * is learnt), so no message those connections send afterwards reaches the router.
   */
  closeSession(sessionId: string): void {
    for (const connection of this.#bySession.get(sessionId) ?? []) connection.endSession();
  }

  /** Sessions that currently hold at least one socket here. */
  sessionIds(): string[] {
    return [...this.#bySession.keys()];
  }

  get sessionCount(): number {
    return this.#bySession.size;
  }
}
