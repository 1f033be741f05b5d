import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * zxcvbn's score 3 means at least 10^8 guesses: "moderate protection from an offline slow-hash attack". Logins are
 * throttled, so score 2 (10^6) would hold online; the bar is for a leaked table, where 10^8 scrypt hashes cost an
 * attacker months of CPU per account but 10^6 only hours. It refuses the breached-password list, keyboard walks,
 * sequences, dates and the username with a suffix, and lets any four-word phrase or 10 random characters through.
 */
const MIN_SCORE = 3;
/**
 * zxcvbn is superlinear in length (a 200-character phrase took 230-900 ms here, a 64-character random one up to
 * 97 ms) and runs on the event loop, so only this prefix is scored: 32 characters cost at most ~55 ms. A prefix
 * that is already hard to guess makes the whole password so.
 */
export const SCORED_PREFIX_LENGTH = 32;

let checker: Promise<ZxcvbnFactory> | undefined;

/** The common dictionaries take ~120 ms to load and build: once, at the first sign-up rather than at start. */
function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({
        dictionary: common.dictionary,
        graphs: common.adjacencyGraphs,
        maxLength: SCORED_PREFIX_LENGTH,
      }),
    (error: unknown) => {
      checker = undefined;
      throw error;
    },
  );
  return checker;
}

/**
 * Why the password is too easy to guess, or undefined when it is good enough. `related` are words an attacker
 * would try first for this account (username, display name).
 */
export async function passwordWeakness(password: string, related: readonly string[]): Promise<string | undefined> {
  const zxcvbn = await loadChecker();
  const prefix = password.slice(0, SCORED_PREFIX_LENGTH);
  const { score } = zxcvbn.check(prefix, ["pulse", ...related.map((word) => word.slice(0, SCORED_PREFIX_LENGTH))]);
  if (score >= MIN_SCORE) return undefined;
  return "too common or too easy to guess; try a few unrelated words or a longer phrase";
}
