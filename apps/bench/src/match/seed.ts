import { performance } from "node:perf_hooks";
import { createDatabase } from "@pulse/db";
import { type CommunityMember, communityMembers, normalizeTags, type Profile } from "@pulse/matching";
import pg from "pg";
import { progress } from "../util/log";

export interface SeedOptions {
  databaseUrl: string;
  seed: number;
  /** Profiles inserted directly into PostgreSQL (users + profiles rows). */
  profiles: number;
  groups: number;
  noise: number;
  /** Further members of the same community, not inserted: the profiles the signed-up requesters copy. */
  requesters: number;
}

export interface SeededCommunity {
  /** Ground truth of every inserted user id: its planted group. */
  groupOf: Map<string, number>;
  /** Members number `profiles` … `profiles + requesters − 1` of the same generator run (same groups). */
  requesterMembers: CommunityMember[];
  migrateSeconds: number;
  /** Generating and inserting the users and profiles rows, then ANALYZE. */
  insertSeconds: number;
}

const BATCH = 5_000;
/** Separates one row's tags in the array-of-strings parameter (tags never contain control characters). */
const TAG_SEPARATOR = "\u001f";

/** The profile as `profile.upsert` would have stored it (tags normalized, city trimmed with spaces collapsed). */
export function storedProfile(profile: Profile) {
  return {
    bio: profile.bio.slice(0, 2_000),
    interestTags: normalizeTags(profile.interestTags),
    city: profile.city.trim().replace(/\s+/g, " "),
    timezone: profile.timezone,
  };
}

interface Batch {
  ids: string[];
  usernames: string[];
  displayNames: string[];
  bios: string[];
  tags: string[];
  cities: string[];
  timezones: string[];
}

function emptyBatch(): Batch {
  return { ids: [], usernames: [], displayNames: [], bios: [], tags: [], cities: [], timezones: [] };
}

async function insertBatch(client: pg.Client, batch: Batch): Promise<void> {
  await client.query("begin");
  try {
    // The generator's ids are UUIDs (version 4 layout); every inserted user has the password hash "-": nobody can
    // log in as them (no scrypt hash matches), they exist to be matched.
    await client.query(
      `insert into users (id, username, display_name, password_hash)
       select id, username, display_name, '-' from unnest($1::uuid[], $2::text[], $3::text[]) as t(id, username, display_name)`,
      [batch.ids, batch.usernames, batch.displayNames],
    );
    await client.query(
      `insert into profiles (user_id, bio, interest_tags, city, timezone)
       select id, bio, string_to_array(tags, E'\\x1f'), city, timezone
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(id, bio, tags, city, timezone)`,
      [batch.ids, batch.bios, batch.tags, batch.cities, batch.timezones],
    );
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/**
 * Applies Pulse's migrations to the (empty) bench database, then inserts `profiles` generated users and profiles
 * with multi-row INSERTs (5 000 rows per statement, one transaction per batch; the next batch is generated while the
 * previous one is being written), then ANALYZE. Runs before any Pulse process exists.
 */
export async function seedMatchCommunity(options: SeedOptions): Promise<SeededCommunity> {
  let started = performance.now();
  const handle = createDatabase({ driver: "postgres", url: options.databaseUrl, poolSize: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
  const migrateSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const client = new pg.Client({ connectionString: options.databaseUrl });
  // A drop at cleanup (Ctrl-C while inserting) ends the connection from the server side; the query rejects anyway.
  client.on("error", () => {});
  await client.connect();
  const groupOf = new Map<string, number>();
  const requesterMembers: CommunityMember[] = [];
  try {
    let batch = emptyBatch();
    let pending: Promise<void> = Promise.resolve();
    let index = 0;
    const members = communityMembers({
      seed: options.seed,
      size: options.profiles + options.requesters,
      groups: options.groups,
      noise: options.noise,
    });
    for (const member of members) {
      if (index >= options.profiles) {
        requesterMembers.push(member);
        continue;
      }
      const stored = storedProfile(member.profile);
      groupOf.set(member.profile.userId, member.group);
      batch.ids.push(member.profile.userId);
      batch.usernames.push(`u${index}`);
      batch.displayNames.push(`Member ${index}`);
      batch.bios.push(stored.bio);
      batch.tags.push(stored.interestTags.join(TAG_SEPARATOR));
      batch.cities.push(stored.city);
      batch.timezones.push(stored.timezone);
      index++;
      if (batch.ids.length === BATCH || index === options.profiles) {
        await pending;
        const full = batch;
        pending = insertBatch(client, full);
        // Awaited before the next batch; this only keeps a failure from counting as unhandled in between.
        pending.catch(() => {});
        batch = emptyBatch();
        if (index % 20_000 === 0 || index === options.profiles) {
          progress(
            `match: ${index.toLocaleString("en")} / ${options.profiles.toLocaleString("en")} profiles generated`,
          );
        }
      }
    }
    await pending;
    await client.query("analyze users");
    await client.query("analyze profiles");
    const [{ n } = { n: "0" }] = (await client.query<{ n: string }>("select count(*) as n from profiles")).rows;
    if (Number(n) !== options.profiles) throw new Error(`expected ${options.profiles} profiles, found ${n}`);
  } finally {
    await client.end();
  }
  return { groupOf, requesterMembers, migrateSeconds, insertSeconds: (performance.now() - started) / 1000 };
}
