import { Random } from "./prng";
import type { Profile } from "./types";
import {
  ALL_CITIES,
  type City,
  FILLER_WORDS,
  GENERIC_TAGS,
  GENERIC_WORDS,
  INVENTED_WORD_COUNT,
  inventedWord,
  REGIONS,
} from "./vocabulary";

export interface CommunityOptions {
  readonly seed: number;
  /** Number of profiles. */
  readonly size: number;
  /** Number of planted groups (1–10 000); members are spread over them at random. */
  readonly groups: number;
  /**
   * 0–1, default 0.2. The share of tag slots and distinctive bio words drawn from outside the member's group,
   * the chance a member lives outside the group's region, and twice the chance a member bridges two groups.
   */
  readonly noise?: number;
}

export interface CommunityMember {
  readonly profile: Profile;
  /** Ground truth: the planted group this member belongs to. */
  readonly group: number;
}

export interface Community {
  readonly profiles: Profile[];
  readonly groupOf: ReadonlyMap<string, number>;
}

/** Each group owns this many tags and distinctive bio words, and borrows a few from the next group (overlap). */
const OWN_TAGS = 8;
const BORROWED_TAGS = 2;
const OWN_WORDS = 24;
const BORROWED_WORDS = 4;
export const MAX_GROUPS = 10_000;

interface Group {
  readonly tags: readonly string[];
  readonly words: readonly string[];
  readonly region: readonly City[];
  readonly home: City;
}

function planGroups(random: Random, count: number, vocabularyOffset: number): Group[] {
  const tag = (g: number, j: number) => inventedWord(g * OWN_TAGS + j, vocabularyOffset);
  const word = (g: number, j: number) => inventedWord(count * OWN_TAGS + g * OWN_WORDS + j, vocabularyOffset);
  const groups: Group[] = [];
  for (let g = 0; g < count; g++) {
    // Neighbouring groups (in a ring) share some tags and words: groups overlap, as real communities do.
    const next = (g + 1) % count;
    const tags = new Set<string>();
    for (let j = 0; j < OWN_TAGS; j++) tags.add(tag(g, j));
    for (let j = 0; j < BORROWED_TAGS; j++) tags.add(tag(next, j));
    const words = new Set<string>();
    for (let j = 0; j < OWN_WORDS; j++) words.add(word(g, j));
    for (let j = 0; j < BORROWED_WORDS; j++) words.add(word(next, j));
    const region = random.pick(REGIONS);
    groups.push({ tags: [...tags], words: [...words], region, home: random.pick(region) });
  }
  return groups;
}

function memberTags(random: Random, noise: number, own: Group, bridge: Group | null, groups: readonly Group[]) {
  const tags = new Set<string>();
  const slots = 3 + random.int(6);
  for (let s = 0; s < slots; s++) {
    if (random.chance(noise)) {
      tags.add(random.chance(0.5) ? random.pick(GENERIC_TAGS) : random.pick(random.pick(groups).tags));
    } else {
      tags.add(random.pick(bridge !== null && random.chance(1 / 3) ? bridge.tags : own.tags));
    }
  }
  return [...tags];
}

function memberBio(random: Random, noise: number, own: Group, bridge: Group | null, groups: readonly Group[]) {
  const sentences: string[] = [];
  let remaining = 15 + random.int(26);
  while (remaining > 0) {
    const length = Math.min(remaining, 5 + random.int(6));
    remaining -= length;
    const words: string[] = [];
    for (let w = 0; w < length; w++) {
      const r = random.next();
      if (r < 0.3) words.push(random.pick(FILLER_WORDS));
      else if (r < 0.6) words.push(random.pick(GENERIC_WORDS));
      else if (random.chance(noise)) words.push(random.pick(random.pick(groups).words));
      else words.push(random.pick(bridge !== null && random.chance(1 / 3) ? bridge.words : own.words));
    }
    const sentence = words.join(" ");
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return sentences.join(" ");
}

function memberCity(random: Random, noise: number, group: Group): City {
  if (random.chance(noise)) return random.pick(ALL_CITIES);
  return random.chance(0.75) ? group.home : random.pick(group.region);
}

/**
 * Streams a synthetic community one member at a time (constant memory: insert 100 000 rows without holding them).
 * Deterministic from the options; with the same seed, groups and noise, a smaller size yields a prefix of a
 * larger one.
 */
export function* communityMembers(options: CommunityOptions): Generator<CommunityMember> {
  const { seed, size, groups: groupCount } = options;
  const noise = options.noise ?? 0.2;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer: ${size}`);
  if (!Number.isInteger(groupCount) || groupCount < 1 || groupCount > MAX_GROUPS) {
    throw new RangeError(`groups must be an integer in 1..${MAX_GROUPS}: ${groupCount}`);
  }
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`noise must be in [0, 1]: ${noise}`);

  const random = new Random(seed);
  const groups = planGroups(random, groupCount, random.int(INVENTED_WORD_COUNT));
  for (let i = 0; i < size; i++) {
    const group = random.int(groupCount);
    const own = groups[group] as Group;
    // Bridges draw a third of their interests from a second group: the hard cases for precision.
    const bridge = random.chance(noise / 2) ? random.pick(groups) : null;
    const city = memberCity(random, noise, own);
    // A few people type their city oddly; matching must still see the same city.
    const cityText = random.chance(0.05) ? ` ${city.name.toLowerCase()} ` : city.name;
    const profile: Profile = {
      userId: random.uuid(),
      bio: memberBio(random, noise, own, bridge, groups),
      interestTags: memberTags(random, noise, own, bridge, groups),
      city: cityText,
      timezone: city.timezone,
    };
    yield { profile, group };
  }
}

/** The whole community in memory, with each user's planted group. */
export function generateCommunity(options: CommunityOptions): Community {
  const profiles: Profile[] = [];
  const groupOf = new Map<string, number>();
  for (const { profile, group } of communityMembers(options)) {
    profiles.push(profile);
    groupOf.set(profile.userId, group);
  }
  return { profiles, groupOf };
}
