import { stringifySetCookie } from "cookie";

export const SESSION_COOKIE = "pulse_session";
/** Over HTTPS: a `__Host-` cookie can only be set by this host, for path=/, Secure — no sibling can toss one. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value: token,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    maxAge: maxAgeSeconds,
    secure,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure);
}

/** Every value of the cookie `name` in a Cookie header, in order (the `cookie` package would keep only the first). */
function cookieValues(cookieHeader: string | undefined, name: string): string[] {
  if (!cookieHeader) return [];
  const values: string[] = [];
  for (const pair of cookieHeader.split(";")) {
    const equals = pair.indexOf("=");
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    values.push(decodeValue(pair.slice(equals + 1).trim()));
  }
  return values;
}

function decodeValue(raw: string): string {
  const unquoted = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

/**
 * The session token from a Cookie header: undefined when absent or ambiguous — more than one session cookie means a
 * same-site page tossed one in (e.g. with path=/trpc, sent first), and which account is meant cannot be known.
 * With `secure` known only its cookie counts; without it (callers that do not know), the `__Host-` cookie wins over
 * plain ones, which a sibling page may have tossed.
 */
export function readSessionCookie(cookieHeader: string | undefined, secure?: boolean): string | undefined {
  const names = secure === undefined ? [SECURE_SESSION_COOKIE, SESSION_COOKIE] : [sessionCookieName(secure)];
  for (const name of names) {
    const values = cookieValues(cookieHeader, name);
    if (values.length > 1) return undefined;
    if (values[0]) return values[0];
  }
  return undefined;
}
