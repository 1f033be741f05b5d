/** Word lists for the synthetic community: real generic words (shared by everyone) and invented distinctive ones. */
import { STOP_WORDS } from "./tokenize";

/** Tags many people have regardless of group: the noise that IDF must discount. */
export const GENERIC_TAGS: readonly string[] = (
  "music,travel,coffee,hiking,photography,gaming,books,cooking,movies,fitness,art,design,startups,running,yoga," +
  "podcasts,open source,writing,cycling,food,tech,science,history,chess,anime,football,climbing,gardening," +
  "languages,volunteering"
).split(",");

/** Everyday bio words shared across groups. */
export const GENERIC_WORDS: readonly string[] = (
  "love weekend people building learning projects community friends city working team time new ideas always " +
  "looking meet share life things work day free fun good great world making exploring curious passionate enjoy " +
  "spending big small fan side years currently based happy chat reach open collaborate hobby morning night " +
  "evening outdoors family dog cat walks tea stories thinking simple focused remote local online events meetups " +
  "talks write read code photos games sport kitchen garden music books food travel coffee movies"
).split(" ");

/** Filler the tokenizer must drop. */
export const FILLER_WORDS: readonly string[] =
  "i the and a to of in my with for about on at is am really also into just very".split(" ");

export interface City {
  readonly name: string;
  readonly timezone: string;
}

/** Regions of nearby cities: a planted group lives mostly in one city of one region. */
export const REGIONS: readonly (readonly City[])[] = [
  [
    ["Berlin", "Europe/Berlin"],
    ["Munich", "Europe/Berlin"],
    ["Vienna", "Europe/Vienna"],
    ["Zurich", "Europe/Zurich"],
    ["Prague", "Europe/Prague"],
  ],
  [
    ["London", "Europe/London"],
    ["Paris", "Europe/Paris"],
    ["Amsterdam", "Europe/Amsterdam"],
    ["Brussels", "Europe/Brussels"],
    ["Dublin", "Europe/Dublin"],
  ],
  [
    ["Madrid", "Europe/Madrid"],
    ["Lisbon", "Europe/Lisbon"],
    ["Barcelona", "Europe/Madrid"],
    ["Rome", "Europe/Rome"],
  ],
  [
    ["Stockholm", "Europe/Stockholm"],
    ["Oslo", "Europe/Oslo"],
    ["Copenhagen", "Europe/Copenhagen"],
    ["Helsinki", "Europe/Helsinki"],
  ],
  [
    ["New York", "America/New_York"],
    ["Boston", "America/New_York"],
    ["Toronto", "America/Toronto"],
    ["Miami", "America/New_York"],
  ],
  [
    ["Chicago", "America/Chicago"],
    ["Austin", "America/Chicago"],
    ["Denver", "America/Denver"],
    ["Mexico City", "America/Mexico_City"],
  ],
  [
    ["San Francisco", "America/Los_Angeles"],
    ["Seattle", "America/Los_Angeles"],
    ["Vancouver", "America/Vancouver"],
    ["Los Angeles", "America/Los_Angeles"],
  ],
  [
    ["São Paulo", "America/Sao_Paulo"],
    ["Buenos Aires", "America/Argentina/Buenos_Aires"],
    ["Bogotá", "America/Bogota"],
    ["Santiago", "America/Santiago"],
  ],
  [
    ["Lagos", "Africa/Lagos"],
    ["Nairobi", "Africa/Nairobi"],
    ["Cairo", "Africa/Cairo"],
    ["Johannesburg", "Africa/Johannesburg"],
  ],
  [
    ["Mumbai", "Asia/Kolkata"],
    ["Bangalore", "Asia/Kolkata"],
    ["Delhi", "Asia/Kolkata"],
    ["Kathmandu", "Asia/Kathmandu"],
  ],
  [
    ["Singapore", "Asia/Singapore"],
    ["Jakarta", "Asia/Jakarta"],
    ["Bangkok", "Asia/Bangkok"],
    ["Manila", "Asia/Manila"],
  ],
  [
    ["Tokyo", "Asia/Tokyo"],
    ["Osaka", "Asia/Tokyo"],
    ["Seoul", "Asia/Seoul"],
    ["Shanghai", "Asia/Shanghai"],
    ["Taipei", "Asia/Taipei"],
  ],
  [
    ["Sydney", "Australia/Sydney"],
    ["Melbourne", "Australia/Melbourne"],
    ["Brisbane", "Australia/Brisbane"],
    ["Auckland", "Pacific/Auckland"],
  ],
].map((region) => region.map(([name, timezone]) => ({ name: name as string, timezone: timezone as string })));

export const ALL_CITIES: readonly City[] = REGIONS.flat();

// Invented words are three consonant–vowel syllables: 14 × 5 = 70 syllables, 70³ = 343 000 words, all distinct
// because every syllable has the same length. The few that spell a real word we use ("remote", "before") get an
// "x" appended: still distinct (no other invented word has 7 letters), and never confused with generic words.
const CONSONANTS = "bdfgklmnprstvz";
const VOWELS = "aeiou";
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));
export const INVENTED_WORD_COUNT = SYLLABLES.length ** 3;
// Multiplying by a constant coprime with 70³ permutes the word space, so consecutive groups get unrelated words.
const SCRAMBLE = 104_729;

/** The `i`-th invented word of a community whose vocabulary starts at `offset` (derived from its seed). */
export function inventedWord(i: number, offset: number): string {
  let n = (((i * SCRAMBLE + offset) % INVENTED_WORD_COUNT) + INVENTED_WORD_COUNT) % INVENTED_WORD_COUNT;
  let word = "";
  for (let s = 0; s < 3; s++) {
    word += SYLLABLES[n % SYLLABLES.length] as string;
    n = Math.floor(n / SYLLABLES.length);
  }
  return RESERVED.has(word) ? `${word}x` : word;
}

const RESERVED: ReadonlySet<string> = new Set([...GENERIC_TAGS, ...GENERIC_WORDS, ...FILLER_WORDS, ...STOP_WORDS]);
