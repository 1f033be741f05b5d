/** The last tracked event id seen per persisted stream, kept in memory for the session so a resubscribe resumes. */
export type StreamName = "feed" | "notifications" | "matchResults";

export interface StreamCursors {
  get(stream: StreamName): string | null;
  set(stream: StreamName, id: string): void;
}

export function createStreamCursors(): StreamCursors {
  const ids = new Map<StreamName, string>();
  return {
    get: (stream) => ids.get(stream) ?? null,
    set(stream, id) {
      // Ids are per-stream sequence numbers: never move a cursor backwards.
      const current = ids.get(stream);
      if (current !== undefined && Number(id) < Number(current)) return;
      ids.set(stream, id);
    },
  };
}
