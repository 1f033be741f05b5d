/**
 * Teardown registry of the whole run: every process, server, database and socket the bench opens registers how to
 * undo it, and `runCleanup` undoes all of it, newest first, on success, on error and on SIGINT/SIGTERM alike.
 */
type Teardown = () => Promise<void> | void;

const TEARDOWN_TIMEOUT_MS = 15_000;
const teardowns: Array<{ label: string; run: Teardown }> = [];
let cleaning: Promise<void> | undefined;

/** Registers a teardown; the returned function runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: Teardown): () => Promise<void> {
  const entry = { label, run };
  teardowns.push(entry);
  let done: Promise<void> | undefined;
  return () => {
    done ??= (async () => {
      const index = teardowns.indexOf(entry);
      if (index >= 0) teardowns.splice(index, 1);
      await run();
    })();
    return done;
  };
}

async function withTimeout(label: string, run: Teardown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`cleanup: ${label} did not finish within ${TEARDOWN_TIMEOUT_MS} ms; moving on\n`);
      resolve();
    }, TEARDOWN_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.resolve().then(run), timeout]);
  } catch (error) {
    process.stderr.write(`cleanup: ${label} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered teardown, newest first; safe to call more than once. */
export function runCleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (teardowns.length > 0) {
      const entry = teardowns.pop();
      if (entry) await withTimeout(entry.label, entry.run);
    }
  })();
  return cleaning;
}

/** How long cleanup after a signal may take before the process exits anyway (children get SIGKILL on exit). */
const SIGNAL_CLEANUP_LIMIT_MS = 60_000;

/**
 * SIGINT / SIGTERM: clean up, then exit 130 / 143. Later signals are ignored while cleaning up: Ctrl-C reaches the
 * whole process group and tsx relays it once more, so a second SIGINT is the norm, not an impatient user.
 */
export function installSignalHandlers(): void {
  let received: NodeJS.Signals | undefined;
  const handle = (signal: NodeJS.Signals, code: number) => {
    process.on(signal, () => {
      if (received) return;
      received = signal;
      process.stderr.write(`\n${signal}: stopping every process the bench started…\n`);
      setTimeout(() => process.exit(code), SIGNAL_CLEANUP_LIMIT_MS).unref();
      void runCleanup().finally(() => process.exit(code));
    });
  };
  handle("SIGINT", 130);
  handle("SIGTERM", 143);
}
