import { and, type Database, inArray, isNotNull, lt, or, sessions } from "@pulse/db";
import type { SessionSockets } from "./session-sockets";

/**
 * Closes sockets whose session was revoked or expired without this instance hearing of it (the logout broadcast
 * is a doorbell and can be lost while Redis is away). Returns how many sessions it ended here.
 */
export async function sweepEndedSessions(
  db: Database,
  sessionSockets: SessionSockets,
  now = new Date(),
): Promise<number> {
  const open = sessionSockets.sessionIds();
  if (open.length === 0) return 0;
  const ended = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(inArray(sessions.id, open), or(isNotNull(sessions.revokedAt), lt(sessions.expiresAt, now))));
  for (const { id } of ended) sessionSockets.closeSession(id);
  return ended.length;
}
