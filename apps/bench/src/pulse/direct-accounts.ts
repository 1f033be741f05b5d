import { createHash, randomBytes } from "node:crypto";
import { newId } from "@pulse/db";
import pg from "pg";
import type { Account } from "./accounts";

const BATCH = 5_000;
const SESSION_TTL_MS = 24 * 3_600_000;

/**
 * Mirrors packages/api/src/auth/tokens.ts: the bearer token is 256 random bits (base64url) and the sessions table
 * stores its SHA-256 in hex. A mismatch would show at once: the server would refuse every socket of the bench.
 */
function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: createHash("sha256").update(token).digest("hex") };
}

/**
 * Inserts users named `${prefix}${i}` (password hash "-": nobody can log in as them, as in the match scenario) and
 * one live session each, straight into PostgreSQL: the rows `auth.signup` would write, without a scrypt hash per
 * user (5 000–10 000 sign-ups would take minutes of both cores). Returns the accounts with their bearer tokens.
 */
export async function insertAccounts(client: pg.Client, prefix: string, count: number): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const ids: string[] = [];
    const usernames: string[] = [];
    const hashes: string[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const { token, hash } = newToken();
      const account = { id: newId(), username: `${prefix}${i}`, token };
      accounts.push(account);
      ids.push(account.id);
      usernames.push(account.username);
      hashes.push(hash);
    }
    await client.query(
      `insert into users (id, username, display_name, password_hash)
       select id, username, username, '-' from unnest($1::uuid[], $2::text[]) as t(id, username)`,
      [ids, usernames],
    );
    await client.query(
      `insert into sessions (id, user_id, token_hash, expires_at)
       select id, user_id, token_hash, $4::timestamptz
       from unnest($1::uuid[], $2::uuid[], $3::text[]) as t(id, user_id, token_hash)`,
      [ids.map(() => newId()), ids, hashes, new Date(Date.now() + SESSION_TTL_MS)],
    );
  }
  return accounts;
}

/** `followers` all follow `followee` (the rows `user.follow` writes, without its notifications). */
export async function insertFollows(
  client: pg.Client,
  followee: Account,
  followers: readonly Account[],
): Promise<void> {
  for (let start = 0; start < followers.length; start += BATCH) {
    const ids = followers.slice(start, start + BATCH).map((account) => account.id);
    await client.query(
      `insert into follows (follower_id, followee_id) select id, $2::uuid from unnest($1::uuid[]) as t(id)`,
      [ids, followee.id],
    );
  }
}

/** A connected client of the bench database (errors after a drop at cleanup are expected and ignored). */
export async function connectDatabase(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}
