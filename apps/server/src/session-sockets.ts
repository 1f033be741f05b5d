import type { WebSocket } from "ws";
import { CloseCode } from "./close-codes";

/** Close code sent to a socket whose session was logged out (every code: close-codes.ts). */
export const SESSION_ENDED_CLOSE_CODE = CloseCode.SESSION_ENDED;

/** Which open sockets belong to which session, so logout can close them. */
export class SessionSockets {
  readonly #bySession = new Map<string, Set<WebSocket>>();

  add(sessionId: string, socket: WebSocket): void {
    let sockets = this.#bySession.get(sessionId);
    if (!sockets) {
      sockets = new Set();
      this.#bySession.set(sessionId, sockets);
    }
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.#bySession.get(sessionId) === sockets) this.#bySession.delete(sessionId);
    });
  }

  /** Closes every socket of the session; the delay lets a logout sent over that socket receive its response. */
  closeSession(sessionId: string, delayMs = 50): void {
    const sockets = this.#bySession.get(sessionId);
    if (!sockets) return;
    setTimeout(() => {
      for (const socket of sockets) socket.close(SESSION_ENDED_CLOSE_CODE, "Session ended");
    }, delayMs).unref();
  }

  /** Sessions that currently hold at least one socket here. */
  sessionIds(): string[] {
    return [...this.#bySession.keys()];
  }

  get sessionCount(): number {
    return this.#bySession.size;
  }
}
