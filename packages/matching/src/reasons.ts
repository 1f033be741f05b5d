import type { MatchIndex } from "./match-index";
import type { MatchQuery } from "./query";
import { stringAt } from "./string-table";
import type { ScoreBreakdown } from "./types";

/** Bio cosine above which we say "similar bio": below it, the overlap is a word or two of small talk. */
export const BIO_REASON_THRESHOLD = 0.15;
export const MAX_TAGS_IN_REASON = 3;
export const MAX_TERMS_IN_REASON = 2;
export const REASON_SEPARATOR = " · ";

/** "a", "a and b", "a, b and c". */
export function joinHuman(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** 10 → "10", 5.5 → "5.5", 9.75 → "9.75" (zones with :30/:45 offsets). */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** Shared tags, most distinctive (highest IDF) first, ties by name. */
export function sharedTags(index: MatchIndex, query: MatchQuery, doc: number): string[] {
  const { tags } = index;
  const mine = new Set(query.tags);
  const shared: number[] = [];
  for (let j = tags.userStart[doc] as number; j < (tags.userStart[doc + 1] as number); j++) {
    const tag = tags.userTags[j] as number;
    if (mine.has(tag)) shared.push(tag);
  }
  return shared
    .map((tag) => ({ tag, name: stringAt(tags.vocabulary, tag) }))
    .sort((a, b) => (tags.idf[b.tag] as number) - (tags.idf[a.tag] as number) || compareNames(a.name, b.name))
    .map(({ name }) => name);
}

/** Shared bio terms, largest contribution to the cosine first, ties by name. */
export function sharedTerms(index: MatchIndex, query: MatchQuery, doc: number): string[] {
  const { bio } = index;
  const mine = new Map<number, number>();
  query.terms.forEach((term, i) => {
    mine.set(term, query.termWeights[i] as number);
  });
  const shared: { name: string; contribution: number }[] = [];
  for (let j = bio.userStart[doc] as number; j < (bio.userStart[doc + 1] as number); j++) {
    const term = bio.userTerms[j] as number;
    const weight = mine.get(term);
    if (weight !== undefined) {
      shared.push({ name: stringAt(bio.vocabulary, term), contribution: weight * (bio.userWeights[j] as number) });
    }
  }
  return shared.sort((a, b) => b.contribution - a.contribution || compareNames(a.name, b.name)).map(({ name }) => name);
}

function compareNames(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** E.g. ["shares rust and webgpu", "similar bio (shader, renderer)", "same city", "7 waking hours overlap"]. */
export function buildReasons(
  index: MatchIndex,
  query: MatchQuery,
  doc: number,
  breakdown: ScoreBreakdown,
  overlapHours: number,
): string[] {
  const reasons: string[] = [];
  const tags = sharedTags(index, query, doc).slice(0, MAX_TAGS_IN_REASON);
  if (tags.length > 0) reasons.push(`shares ${joinHuman(tags)}`);
  if (breakdown.bio >= BIO_REASON_THRESHOLD) {
    const terms = sharedTerms(index, query, doc).slice(0, MAX_TERMS_IN_REASON);
    reasons.push(terms.length > 0 ? `similar bio (${terms.join(", ")})` : "similar bio");
  }
  if (breakdown.city === 1) reasons.push("same city");
  if (overlapHours > 0) {
    reasons.push(`${formatHours(overlapHours)} waking ${overlapHours === 1 ? "hour" : "hours"} overlap`);
  }
  return reasons;
}
