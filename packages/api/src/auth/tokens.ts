import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: the bearer token handed to the client once. */
export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores instead of the token: a leaked sessions table grants no access. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
