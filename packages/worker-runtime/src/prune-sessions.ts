import { and, type Database, isNotNull, lt, or, sessions } from "@pulse/db";

/** Sessions expired, or revoked, longer ago than this are deleted (kept briefly for audits and debugging). */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/** Deletes dead sessions; idempotent, so several workers running it at once is harmless. Returns how many. */
export async function pruneSessions(db: Database, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_MS);
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, cutoff))))
    .returning({ id: sessions.id });
  return deleted.length;
}
