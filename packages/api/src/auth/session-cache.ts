import type { Database } from "@pulse/db";
import type { ApiMetrics } from "@pulse/metrics";
import { LRUCache } from "lru-cache";
import { type AuthenticatedSession, resolveSessionByHash } from "./sessions";
import { hashSessionToken } from "./tokens";

export interface SessionCacheOptions {
  /** How long a looked-up session is trusted without asking the database again (never past its expiry). */
  ttlMs: number;
  /** Sessions kept per process; the least recently used go first. */
  maxEntries?: number;
  /** Counts tokens that name no live session (reason `invalid_session`); absent → not counted. */
  metrics?: Pick<ApiMetrics, "authRejected"> | undefined;
}

export interface SessionCache {
  /** The live session a token names, or null: from memory when looked up within `ttlMs`, else from the database. */
  resolve(token: string): Promise<AuthenticatedSession | null>;
  /** Drops a revoked session at once (local logout, or the logout broadcast of another instance). */
  forget(sessionId: string): void;
}

/**
 * Every HTTP request used to cost a session query. Positive lookups are cached for a few seconds and concurrent
 * lookups of one token share one query; misses are never cached (a token that starts to exist is a new token). A
 * logout anywhere reaches `forget` through the revocation broadcast, so `ttlMs` only bounds how long a lost
 * broadcast can keep a revoked session usable on another instance.
 */
export function createSessionCache(db: Database, options: SessionCacheOptions): SessionCache {
  /** Sessions forgotten recently: a lookup that was in flight during the logout must not re-insert its result. */
  const revoked = new LRUCache<string, true>({ max: 10_000, ttl: Math.max(options.ttlMs, 1) });
  const sessions = new LRUCache<string, AuthenticatedSession>({
    max: options.maxEntries ?? 50_000,
    ttl: Math.max(options.ttlMs, 1),
    fetchMethod: async (tokenHash, _stale, { options: entry }) => {
      const session = await resolveSessionByHash(db, tokenHash);
      if (!session || revoked.has(session.sessionId)) return undefined;
      entry.ttl = Math.max(1, Math.min(options.ttlMs, session.expiresAt.getTime() - Date.now()));
      return session;
    },
  });
  const lookUp = async (token: string) => {
    if (options.ttlMs <= 0) return resolveSessionByHash(db, hashSessionToken(token));
    const session = (await sessions.fetch(hashSessionToken(token))) ?? null;
    return session && !revoked.has(session.sessionId) && session.expiresAt.getTime() > Date.now() ? session : null;
  };
  return {
    async resolve(token) {
      const session = await lookUp(token);
      if (!session) options.metrics?.authRejected("invalid_session");
      return session;
    },
    forget(sessionId) {
      revoked.set(sessionId, true);
      for (const [tokenHash, session] of sessions.entries()) {
        if (session.sessionId === sessionId) sessions.delete(tokenHash);
      }
    },
  };
}
