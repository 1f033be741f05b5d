import { and, builtOncePerDatabase, type Database, eq, gt, isNull, sessions, sql, users } from "@pulse/db";
import { generateSessionToken, hashSessionToken } from "./tokens";

export type SessionUser = Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "createdAt">;

export interface AuthenticatedSession {
  sessionId: string;
  expiresAt: Date;
  user: SessionUser;
}

export const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  createdAt: users.createdAt,
};

export async function createSession(db: Database, userId: string, ttlMs: number) {
  const token = generateSessionToken();
  const [session] = await db
    .insert(sessions)
    .values({ userId, tokenHash: hashSessionToken(token), expiresAt: new Date(Date.now() + ttlMs) })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  if (!session) throw new Error("session insert returned no row");
  return { token, sessionId: session.id, expiresAt: session.expiresAt };
}

/** The live (unrevoked, unexpired) session a token names, with its user; null for anything else. */
export function resolveSession(db: Database, token: string): Promise<AuthenticatedSession | null> {
  return resolveSessionByHash(db, hashSessionToken(token));
}

/** Every request without a cached session and every socket runs it. */
const sessionByHash = builtOncePerDatabase((db) =>
  db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, user: sessionUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder("tokenHash")),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .limit(1)
    .prepare("pulse_session_by_hash"),
);

/** As `resolveSession`, for a token already hashed. */
export async function resolveSessionByHash(db: Database, tokenHash: string): Promise<AuthenticatedSession | null> {
  // The application's clock, not the database's: expiry is judged by one clock everywhere (see protectedProcedure).
  const [row] = await sessionByHash(db).execute({ tokenHash, now: new Date() });
  return row ?? null;
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}
