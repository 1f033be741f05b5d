import type { MatchResultEvent } from "../api-types";

const KEEP = 5;

/** A finished match request into the cached list: newest first, each task once, the last few only. */
export function addMatchResult(
  results: readonly MatchResultEvent[] | undefined,
  event: MatchResultEvent,
): MatchResultEvent[] {
  const current = results ?? [];
  if (current.some((result) => result.taskId === event.taskId)) return [...current];
  return [event, ...current].sort((a, b) => b.seq - a.seq).slice(0, KEEP);
}
