/**
 * Splits a post into plain text, #topics and @mentions, the way the server extracts them
 * (packages/api/src/social/text.ts), so what is highlighted is what the server indexed.
 * Every segment is rendered as React text: user content never becomes HTML.
 */
export type Segment =
  | { kind: "text"; text: string }
  | { kind: "topic"; text: string; topic: string }
  | { kind: "mention"; text: string; username: string };

const TOKEN_PATTERN =
  /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,50})|(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])/gu;

export function segmentText(content: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of content.matchAll(TOKEN_PATTERN)) {
    const start = match.index ?? 0;
    const [whole, topic, username] = match;
    // Pure digits are not topics (#1): leave them as text.
    if (topic !== undefined && /^\d+$/.test(topic)) continue;
    if (start > last) segments.push({ kind: "text", text: content.slice(last, start) });
    if (topic !== undefined) segments.push({ kind: "topic", text: whole, topic: topic.toLowerCase() });
    else if (username !== undefined) segments.push({ kind: "mention", text: whole, username: username.toLowerCase() });
    last = start + whole.length;
  }
  if (last < content.length) segments.push({ kind: "text", text: content.slice(last) });
  return segments;
}

/** The server trims and counts UTF-16 code units (zod's max(280)); so do we. */
export function postLength(content: string): number {
  return content.trim().length;
}

export const MAX_POST_LENGTH = 280;
