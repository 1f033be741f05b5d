import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet row N=2^15, r=8, p=3. Its rows cost an attacker the same; this one keeps the
 * 32 MiB per hash we already had (Node's four scrypt threads peak at 128 MiB, against 512 MiB for N=2^17) and is
 * the cheapest row in CPU but N=2^14/p=5, which halves the memory an attacker's GPU must hold per guess. Hashes
 * carry their parameters: older ones still verify and are upgraded at the next successful login.
 */
export const OWASP_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 3 };

/**
 * For test runs only (PASSWORD_HASHING=fast-for-tests, refused unless NODE_ENV=test): ~1 ms instead of ~0.4 s per
 * hash, so suites that sign up hundreds of users measure Pulse rather than scrypt. The tests of hashing itself use
 * the OWASP parameters.
 */
export const FAST_TEST_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 10, r: 8, p: 1 };

let currentParams: Readonly<ScryptParams> = OWASP_SCRYPT_PARAMS;
let dummyHash: Promise<string> | undefined;

/** The parameters new hashes are made with (OWASP's unless a test run chose the fast ones). */
export function currentScryptParams(): Readonly<ScryptParams> {
  return currentParams;
}

/** Chooses the parameters of new hashes for this process; called once at start from the configuration. */
export function setScryptParams(params: Readonly<ScryptParams>): void {
  currentParams = params;
  dummyHash = undefined;
}

/** How this process hashes new passwords, as the configuration's PASSWORD_HASHING names it; called once at start. */
export function usePasswordHashing(mode: "owasp" | "fast-for-tests"): void {
  setScryptParams(mode === "fast-for-tests" ? FAST_TEST_SCRYPT_PARAMS : OWASP_SCRYPT_PARAMS);
}
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

// Bounds on what a stored hash may ask of us, so a corrupt row fails to verify instead of allocating gigabytes.
const isSaneParams = ({ N, r, p }: ScryptParams) =>
  Number.isInteger(Math.log2(N)) && N >= 2 && N <= 2 ** 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16;

/** `scrypt$N$r$p$salt$hash`, or undefined when malformed. */
function parseHash(stored: string): StoredHash | undefined {
  const [scheme, N, r, p, salt, key, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !N || !r || !p || !salt || !key || rest.length > 0) return undefined;
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  if (!isSaneParams(params)) return undefined;
  return { params, salt: Buffer.from(salt, "base64url"), key: Buffer.from(key, "base64url") };
}

function deriveKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` with a fresh random salt per call, at the current parameters unless told otherwise. */
export async function hashPassword(password: string, params: ScryptParams = currentParams): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Constant-time comparison; a malformed stored hash verifies as false. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash) return false;
  const key = await deriveKey(password, hash.salt, hash.params);
  return key.length === hash.key.length && timingSafeEqual(key, hash.key);
}

/** True when a (verified) stored hash was made with other parameters than today's: store a fresh hash. */
export function needsRehash(stored: string): boolean {
  const params = parseHash(stored)?.params;
  if (!params) return false;
  const current = currentParams;
  return params.N !== current.N || params.r !== current.r || params.p !== current.p;
}

/** Verified against when the username does not exist, at the current parameters, so both failures cost the same. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
