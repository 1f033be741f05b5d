import { type Database, profiles, sql } from "@pulse/db";
import { buildMatchIndexOffThread, type MatchIndex, type ProfilePage } from "@pulse/matching";
import { readProfilePages } from "./profile-pages";

type Logger = { info(object: object, message: string): void; warn(object: object, message: string): void };

/** Builds an index from profile pages; aborting must stop the build (and its thread). */
export type IndexBuilder = (pages: AsyncIterable<ProfilePage>, signal: AbortSignal) => Promise<MatchIndex>;

export interface MatchIndexCacheOptions {
  /** Default: a worker thread per build (`buildMatchIndexOffThread`). Tests substitute failing builders. */
  build?: IndexBuilder;
  /** Profiles per page read and sent to the builder. */
  pageSize?: number;
}

const buildOffThread: IndexBuilder = (pages, signal) => buildMatchIndexOffThread(pages, { signal });

/**
 * The matcher's index over every profile, built once per worker process and rebuilt in the background when profiles
 * changed and the current one is older than `refreshMs`. Requests never wait for a rebuild (only for the first
 * build): the requester's own profile comes from the request, so a just-edited profile still counts at once.
 *
 * Builds run on a worker thread: this event loop (shared with fan-out, trending, the outbox sweep and BullMQ lock
 * renewals) only reads profile pages and posts them, and receives the finished index without a copy. A failed build
 * (exception, thread crash) rejects the first `get()` — a job error, retried like any other — or, for a background
 * refresh, is logged and retried after `refreshMs` with the old index still serving. `close()` stops a running build.
 */
export class MatchIndexCache {
  #index: MatchIndex | undefined;
  #version = "";
  #builtAt = 0;
  #building: Promise<MatchIndex> | undefined;
  readonly #closing = new AbortController();
  readonly #build: IndexBuilder;
  readonly #pageSize: number | undefined;

  constructor(
    private readonly db: Database,
    private readonly refreshMs: number,
    private readonly logger: Logger,
    options: MatchIndexCacheOptions = {},
  ) {
    this.#build = options.build ?? buildOffThread;
    this.#pageSize = options.pageSize;
  }

  async get(): Promise<MatchIndex> {
    this.#closing.signal.throwIfAborted();
    if (!this.#index) return this.#rebuild();
    if (Date.now() - this.#builtAt > this.refreshMs && !this.#building) {
      this.#rebuildIfChanged().catch((error: unknown) => {
        // Keep serving the old index; try again after another refreshMs, not on every request.
        this.#builtAt = Date.now();
        if (!this.#closing.signal.aborted) this.logger.warn({ err: error }, "match index refresh failed");
      });
    }
    return this.#index;
  }

  /** Stops a running build (terminating its thread) and refuses further `get()`s. */
  async close(): Promise<void> {
    this.#closing.abort(new Error("match index cache closed"));
    await this.#building?.catch(() => {});
  }

  async #currentVersion(): Promise<string> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int`, latest: sql<string | null>`max(${profiles.updatedAt})::text` })
      .from(profiles);
    return `${row?.n ?? 0}@${row?.latest ?? ""}`;
  }

  async #rebuildIfChanged(): Promise<void> {
    if ((await this.#currentVersion()) === this.#version) {
      this.#builtAt = Date.now();
      return;
    }
    await this.#rebuild();
  }

  #rebuild(): Promise<MatchIndex> {
    this.#building ??= (async () => {
      try {
        const started = performance.now();
        const version = await this.#currentVersion();
        const index = await this.#build(readProfilePages(this.db, this.#pageSize), this.#closing.signal);
        this.#index = index;
        this.#version = version;
        this.#builtAt = Date.now();
        this.logger.info({ profiles: index.size, ms: Math.round(performance.now() - started) }, "match index built");
        return index;
      } finally {
        this.#building = undefined;
      }
    })();
    return this.#building;
  }
}
