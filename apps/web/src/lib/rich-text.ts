/**
 * Splits a post into plain text, web links, #topics and @mentions, the way the server extracts them
 * (packages/api/src/social/text.ts), so what is highlighted is what the server indexed.
 * Every segment is rendered as React text: user content never becomes HTML.
 */
export type Segment =
  | { kind: "text"; text: string }
  | { kind: "topic"; text: string; topic: string }
  | { kind: "mention"; text: string; username: string }
  | { kind: "link"; text: string; href: string };

// A link is taken first, so a #fragment or an @ inside it stays part of the link.
const TOKEN_PATTERN =
  /(?<![\p{L}\p{N}_])(https?:\/\/[^\s<>"]+)|(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,50})|(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])/gu;

export function segmentText(content: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of content.matchAll(TOKEN_PATTERN)) {
    const start = match.index ?? 0;
    const [matched, url, topic, username] = match;
    // Pure digits are not topics (#1): leave them as text.
    if (topic !== undefined && /^\d+$/.test(topic)) continue;
    const link = url === undefined ? null : toLink(url);
    if (url !== undefined && !link) continue;
    const whole = link?.text ?? matched;
    if (start > last) segments.push({ kind: "text", text: content.slice(last, start) });
    if (link) segments.push(link);
    else if (topic !== undefined) segments.push({ kind: "topic", text: whole, topic: topic.toLowerCase() });
    else if (username !== undefined) segments.push({ kind: "mention", text: whole, username: username.toLowerCase() });
    last = start + whole.length;
  }
  if (last < content.length) segments.push({ kind: "text", text: content.slice(last) });
  return segments;
}

/** Trailing punctuation ends the sentence, not the link ("see https://a.io/x." or "(https://a.io)"). */
function toLink(raw: string): { kind: "link"; text: string; href: string } | null {
  let text = raw.replace(/[.,;:!?'"]+$/, "");
  if (text.endsWith(")") && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0)) {
    text = text.slice(0, -1);
  }
  try {
    const url = new URL(text);
    // Only web links: the pattern already requires http(s), this guards the parsed result too.
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return { kind: "link", text, href: url.href };
  } catch {
    return null;
  }
}

/** The server trims and counts UTF-16 code units (zod's max(280)); so do we. */
export function postLength(content: string): number {
  return content.trim().length;
}

export const MAX_POST_LENGTH = 280;
