/**
 * The last tracked event id seen per persisted stream (`notification.onNew`, `feed.onNew`, `match.onResult`), kept
 * for the session so that a resubscribe resumes where the last one stopped. `Name` is how the app names its streams.
 */
export interface StreamCursors<Name extends string = string> {
  get(stream: Name): string | null;
  set(stream: Name, id: string): void;
}

export function createStreamCursors<Name extends string = string>(): StreamCursors<Name> {
  const ids = new Map<Name, string>();
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
