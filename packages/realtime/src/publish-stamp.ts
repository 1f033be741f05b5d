/**
 * The publish time rides inside the message text as one more key of the top-level object, so pub/sub lag can be
 * measured on receipt. Backward compatible both ways: a message without the key (an older publisher) is delivered
 * as before, and an older reader parses a stamped message as the same object with one extra key. Messages that are
 * not non-empty objects are left unstamped.
 */
const STAMP_KEY = ',"__publishedAt":';
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** `text` (a JSON text from `encode`) with the publish time appended to its top-level object. */
export function stamp(text: string, publishedAtMs: number): string {
  if (text.length < 3 || text.charCodeAt(0) !== OPEN_BRACE) return text;
  return `${text.slice(0, -1)}${STAMP_KEY}${publishedAtMs}}`;
}

/**
 * Where the stamp starts in `text`, or -1. Inside a JSON string a quote is always escaped, so the key can only be
 * found where `stamp` put it.
 */
export function stampIndex(text: string): number {
  if (text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return -1;
  return text.lastIndexOf(STAMP_KEY);
}

/** The publish time of a text whose stamp starts at `index` (from `stampIndex`); NaN when it is not a number. */
export function stampTime(text: string, index: number): number {
  return Number(text.slice(index + STAMP_KEY.length, -1));
}

/** The text as it was before `stamp`. */
export function unstamped(text: string, index: number): string {
  return `${text.slice(0, index)}}`;
}
