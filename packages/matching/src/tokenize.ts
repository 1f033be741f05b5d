/** Bios longer than the profile limit are cut here too, so one bad row cannot make an index entry huge. */
export const MAX_BIO_LENGTH = 2_000;

// Small on purpose: words that say nothing about interests. Generic-but-meaningful words ("love", "code") stay:
// IDF already discounts them, and they can still matter in a small community.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each else even ever few for from further get got had has " +
    "have having he her here hers herself him himself his how if in into is it its itself just let like me more most " +
    "much my myself no nor not now of off on once only or other our ours ourselves out over own really same she " +
    "should so some such than that the their theirs them themselves then there these they this those through to " +
    "too under until up us very was we were what when where which while who whom why will with would you your " +
    "yours yourself yourselves don didn doesn isn wasn aren ve ll re"
  ).split(" "),
);

/**
 * Light stemming: only plural endings, so "shaders"/"shader" meet while the term stays a readable word for the
 * "similar bio (…)" reason. Heavier stemmers (Porter) produce stems like "commun" we would have to show users.
 */
export function stem(token: string): string {
  if (token.length <= 3) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith("sses")) return token.slice(0, -2);
  if (token.endsWith("s") && !/(ss|us|is|ous)$/.test(token)) return token.slice(0, -1);
  return token;
}

const SPLIT = /[^\p{L}\p{N}]+/u;

/** Lower-case, split on anything but letters and digits, drop stop words and 1-char tokens, stem plurals. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.slice(0, MAX_BIO_LENGTH).toLowerCase().split(SPLIT)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    tokens.push(stem(raw));
  }
  return tokens;
}
