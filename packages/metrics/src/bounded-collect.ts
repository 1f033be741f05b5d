/** How long one read serves further collectors of the same scrape (two gauges over one outbox query). */
const REUSE_MS = 1_000;

/**
 * Runs an async read for a scrape without letting a stalled dependency stall the scrape: it gives up after
 * `timeoutMs`, a read still running from an earlier scrape is joined rather than started again (a stalled database
 * must not collect one hung query per scrape), and a result is reused for a second.
 */
export function boundedCollect<T>(read: () => Promise<T>, timeoutMs: number): () => Promise<T> {
  let running: Promise<T> | undefined;
  let last: { at: number; value: T } | undefined;
  return () => {
    if (last && Date.now() - last.at < REUSE_MS) return Promise.resolve(last.value);
    running ??= read()
      .then((value) => {
        last = { at: Date.now(), value };
        return value;
      })
      .finally(() => {
        running = undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
  };
}
