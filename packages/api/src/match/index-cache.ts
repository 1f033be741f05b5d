import { type Database, profiles, sql } from "@pulse/db";
import { buildMatchIndex, type MatchIndex } from "@pulse/matching";
import { toMatcherProfile } from "./profiles";

type Logger = { info(object: object, message: string): void; warn(object: object, message: string): void };

/**
 * The matcher's index over every profile, built once per worker process and rebuilt in the background when profiles
 * changed and the current one is older than `refreshMs`. Requests never wait for a rebuild (only for the first
 * build): the requester's own profile comes from the request, so a just-edited profile still counts at once.
 */
export class MatchIndexCache {
  #index: MatchIndex | undefined;
  #version = "";
  #builtAt = 0;
  #building: Promise<MatchIndex> | undefined;

  constructor(
    private readonly db: Database,
    private readonly refreshMs: number,
    private readonly logger: Logger,
  ) {}

  async get(): Promise<MatchIndex> {
    if (!this.#index) return this.#rebuild();
    if (Date.now() - this.#builtAt > this.refreshMs && !this.#building) {
      this.#rebuildIfChanged().catch((error: unknown) =>
        this.logger.warn({ err: error }, "match index refresh failed"),
      );
    }
    return this.#index;
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
        const rows = await this.db
          .select({
            userId: profiles.userId,
            bio: profiles.bio,
            interestTags: profiles.interestTags,
            city: profiles.city,
            timezone: profiles.timezone,
          })
          .from(profiles);
        const index = buildMatchIndex(rows.map(toMatcherProfile));
        this.#index = index;
        this.#version = version;
        this.#builtAt = Date.now();
        this.logger.info({ profiles: rows.length, ms: Math.round(performance.now() - started) }, "match index built");
        return index;
      } finally {
        this.#building = undefined;
      }
    })();
    return this.#building;
  }
}
