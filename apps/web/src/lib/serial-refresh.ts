/**
 * A refresh that never runs twice at once: a trigger while one runs asks for one more run after it (so nothing that
 * happened during a fetch is missed), however many triggers came. `blocked` skips a trigger outright — for when
 * something else will refresh anyway (a pending mark-read invalidates the groups when it settles).
 */
export function createSerialRefresh(run: () => Promise<unknown>, blocked: () => boolean = () => false): () => void {
  let running = false;
  let again = false;
  const trigger = () => {
    if (blocked()) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    void run()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) trigger();
      });
  };
  return trigger;
}
