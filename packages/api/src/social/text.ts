// #topics and @mentions as users type them: a letter or digit run (plus _), not inside a word or an email address.
const TOPIC_PATTERN = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,50})/gu;
const MENTION_PATTERN = /(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])/gu;

function uniqueLowercase(matches: Iterable<RegExpMatchArray>): string[] {
  return [...new Set(Array.from(matches, (match) => (match[1] ?? "").toLowerCase()))];
}

/** Lower-case topics without the hash, first occurrence order, no duplicates. Pure digits are not topics (#1). */
export function extractTopics(content: string): string[] {
  return uniqueLowercase(content.matchAll(TOPIC_PATTERN)).filter((topic) => !/^\d+$/.test(topic));
}

/** Lower-case usernames mentioned, first occurrence order, no duplicates. */
export function extractMentions(content: string): string[] {
  return uniqueLowercase(content.matchAll(MENTION_PATTERN));
}
