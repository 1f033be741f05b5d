import { type ResourceLimits, Worker } from "node:worker_threads";
import { freezeIndex, type MatchIndex } from "./match-index";
import type { FromBuildThread, ProfilePage, ToBuildThread } from "./thread-protocol";
import type { Profile } from "./types";

/** Profiles per message: serializing one page is the main thread's only cost (a few ms per 1 000 profiles). */
export const DEFAULT_PAGE_SIZE = 1_000;

export interface OffThreadBuildOptions {
  /** Aborting terminates the thread and rejects with the signal's reason (used on shutdown). */
  readonly signal?: AbortSignal;
  /** Bounds the thread's heap; running out ends the thread and rejects the build, never the process. */
  readonly resourceLimits?: ResourceLimits;
}

let liveThreads = 0;

/** Build threads currently alive in this process (0 whenever no build is running: tests assert no leaks). */
export function activeBuildThreads(): number {
  return liveThreads;
}

/**
 * How to start the build thread: the sibling module with this file's own extension, so it runs from source (tsx,
 * vitest) and when compiled to .js. A thread gets neither vitest's transform nor, on Node 20, the parent's tsx hooks
 * (`--import tsx` in a thread's execArgv is ignored for module hooks), so a .ts entry is loaded through tsx's
 * `tsImport` from a one-line bootstrap.
 */
export function buildThreadEntry(moduleUrl: string = import.meta.url): { entry: URL | string; eval: boolean } {
  const typescript = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  if (!typescript) return { entry: new URL("./build-thread.js", moduleUrl), eval: false };
  // Resolved from this package, not from the process's cwd (a service may be started from anywhere).
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const thread = new URL("./build-thread.ts", moduleUrl).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(thread)}, ${JSON.stringify(moduleUrl)}));`;
  return { entry: code, eval: true };
}

/** Splits an in-memory profile list into pages for `buildMatchIndexOffThread`. */
export function* pagesOf(profiles: readonly Profile[], size = DEFAULT_PAGE_SIZE): Generator<readonly Profile[]> {
  for (let from = 0; from < profiles.length; from += size) yield profiles.slice(from, from + size);
}

/**
 * `buildMatchIndex` on a worker thread: the calling thread only sends profile pages (arrays, or JSON text; yielding to its event loop
 * between them) and receives the finished index by buffer transfer, so it never blocks for the build (2–5 s at
 * 100 000 profiles). One short-lived thread per build, terminated before this returns or throws. A crash, an
 * exception or an out-of-memory in the thread rejects the promise; it never ends the process.
 */
export async function buildMatchIndexOffThread(
  pages: AsyncIterable<ProfilePage> | Iterable<ProfilePage>,
  options: OffThreadBuildOptions = {},
): Promise<MatchIndex> {
  const { signal } = options;
  signal?.throwIfAborted();
  const { entry, eval: isCode } = buildThreadEntry();
  const thread = new Worker(entry, {
    eval: isCode,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  liveThreads++;
  thread.once("exit", () => {
    liveThreads--;
  });

  // Settles (rejects) only on failure: crash, exception, abort. Raced with each page read, which may never end.
  let failWith: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failWith = reject;
  });
  let onAbort = () => {};
  const reply = new Promise<MatchIndex>((resolve, reject) => {
    const fail = (error: unknown) => {
      failWith(error);
      reject(error);
    };
    thread.on("message", (message: FromBuildThread) => {
      if (message.type === "index") resolve(freezeIndex(message.index));
      else fail(message.error);
    });
    // Without an "error" listener, an exception thrown in the thread would be rethrown here and end the process.
    thread.on("error", fail);
    thread.once("exit", (code) => fail(new Error(`match index build thread exited (code ${code}) before replying`)));
    onAbort = () => {
      fail(signal?.reason);
      void thread.terminate();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  // Both are awaited below; this only keeps a failure before that from being reported as unhandled.
  reply.catch(() => {});
  failure.catch(() => {});

  const iterator = Symbol.asyncIterator in pages ? pages[Symbol.asyncIterator]() : pages[Symbol.iterator]();
  try {
    for (;;) {
      const page = await Promise.race([iterator.next(), failure]);
      if (page.done) break;
      thread.postMessage({ type: "profiles", profiles: page.value } satisfies ToBuildThread);
      // A macrotask, not just a microtask: timers and I/O get their turn between two pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    thread.postMessage({ type: "build" } satisfies ToBuildThread);
    return await reply;
  } catch (error) {
    // Let the page source clean up (e.g. a database cursor) once its pending read, if any, is done.
    void Promise.resolve(iterator.return?.()).catch(() => {});
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await thread.terminate();
  }
}
