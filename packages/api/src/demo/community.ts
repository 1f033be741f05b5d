/** A deterministic, realistic demo community: people in interest clusters spread over cities and time zones. */

export const DEMO_PASSWORD = "pulse-demo-password";
export const DEMO_USERNAME = "alice";

const CITIES = [
  { city: "Berlin", timezone: "Europe/Berlin" },
  { city: "London", timezone: "Europe/London" },
  { city: "New York", timezone: "America/New_York" },
  { city: "San Francisco", timezone: "America/Los_Angeles" },
  { city: "Tokyo", timezone: "Asia/Tokyo" },
  { city: "São Paulo", timezone: "America/Sao_Paulo" },
  { city: "Bangalore", timezone: "Asia/Kolkata" },
  { city: "Sydney", timezone: "Australia/Sydney" },
] as const;

const CLUSTERS = [
  {
    tags: ["rust", "webgpu", "systems", "compilers", "wasm"],
    bio: "Systems programmer. I write Rust, profile everything and dream in WebGPU shaders.",
    posts: [
      "Rewrote the hot loop in #Rust and it is 4x faster",
      "#WebGPU compute shaders are finally usable",
      "Who else is compiling to #wasm for the edge?",
      "Borrow checker won the argument again, and it was right #Rust",
      "Wrote a tiny #compilers pass that folds constants across blocks",
      "Profiling beats guessing: flamegraph first, then #systems changes",
      "Shipping a #wasm module under 40 KB felt great",
      "Async #Rust finally clicked after reading the executor source",
      "Rendering 1M particles with #WebGPU at 60 fps",
      "Zero-copy parsing saved us a whole server #systems",
    ],
  },
  {
    tags: ["ml", "llms", "python", "datasets", "mlops"],
    bio: "Machine learning engineer shipping models to production; careful about evals and data quality.",
    posts: [
      "Your eval set is the product. #ML",
      "Fine-tuning small #LLMs beats prompting big ones for this task",
      "Cleaning #datasets is 80% of the job",
      "Our #mlops pipeline now retrains nightly without babysitting",
      "Label noise was hiding a 6 point gain #ML",
      "Small #python script, huge time saver for data checks",
      "Tried distilling our #LLMs into a 1B model; latency down 5x",
      "Drift dashboards caught a broken upstream feed today #mlops",
      "Wrote down what our eval does not measure #ML",
      "Synthetic #datasets help, until they quietly do not",
    ],
  },
  {
    tags: ["climbing", "trailrunning", "hiking", "outdoors", "camping"],
    bio: "Weekends on the rock, weekdays dreaming about the next trail run and camping trip.",
    posts: [
      "Sent my first 7a today! #climbing",
      "Sunrise #trailrunning loop, 21 km of pure joy",
      "Gear list for a three day #hiking trip?",
      "Fog on the ridge, sun above the clouds #hiking",
      "New shoes, old trail, new personal best #trailrunning",
      "Campfire rules: leave it cleaner than you found it #camping",
      "Bouldering session ended with taped fingers #climbing",
      "Night hike under a full moon #outdoors",
      "Packed the lightest tent I could find #camping",
      "Rain all day and still the best run this month #trailrunning",
    ],
  },
  {
    tags: ["jazz", "vinyl", "piano", "music", "concerts"],
    bio: "Jazz pianist and vinyl collector. Always looking for the next late-night concert.",
    posts: [
      "Found a first pressing of Kind of Blue #vinyl",
      "Practising voicings for tonight's #jazz session",
      "Best small #concerts venues in town?",
      "Learning a Bill Evans solo bar by bar #piano",
      "Sunday crate digging: three #vinyl finds for 20 euros",
      "Trio gig tonight, come say hi #jazz",
      "Cleaned the turntable stylus and the records sing again #vinyl",
      "Reharmonised a pop tune as a ballad #music",
      "Front row at a tiny club, still buzzing #concerts",
      "Comping behind a singer is its own art #jazz",
    ],
  },
  {
    tags: ["startups", "fundraising", "saas", "founders", "product"],
    bio: "Second-time founder building B2B SaaS. Notes on fundraising, hiring and product.",
    posts: [
      "Closed our seed round! #fundraising #startups",
      "The best #product decision is often what you cut",
      "#founders: talk to users every single week",
      "We removed a feature and churn went down #product",
      "Hiring our first designer, portfolio links welcome #startups",
      "Pricing page rewrite doubled trials #saas",
      "Board meeting prep is a product too #founders",
      "Ten customer calls this week, three surprises #product",
      "Runway math on a napkin, then on a spreadsheet #fundraising",
      "Our onboarding now takes 4 minutes instead of 20 #saas",
    ],
  },
  {
    tags: ["gardening", "plants", "permaculture", "composting", "houseplants"],
    bio: "Urban gardener growing tomatoes on a balcony and far too many houseplants.",
    posts: [
      "First tomatoes of the season #gardening",
      "Propagating pothos cuttings #houseplants",
      "Balcony #composting works better than expected",
      "The monstera unfurled a new leaf overnight #houseplants",
      "Seed swap this Saturday at the community garden #gardening",
      "Mulching saved the beds during the heatwave #permaculture",
      "Worm bin update: they love coffee grounds #composting",
      "Basil on the windowsill, finally thriving #plants",
      "Planning a three sisters bed for next spring #permaculture",
      "Repotted everything, regret nothing #houseplants",
    ],
  },
  {
    tags: ["gamedev", "pixelart", "indiegames", "godot", "shaders"],
    bio: "Indie game developer: pixel art, tight controls and too many prototypes in Godot.",
    posts: [
      "New #pixelart tileset for the forest level",
      "Switched the prototype to #Godot 4 #gamedev",
      "Playtest night for our #indiegames jam entry",
      "Coyote time makes the jump feel fair #gamedev",
      "Wrote a water #shaders pass in twenty lines",
      "Animating a 12 frame walk cycle #pixelart",
      "Our jam game got its first fan art #indiegames",
      "Refactored the state machine, bugs halved #Godot",
      "Screen shake, but tasteful #gamedev",
      "Palette limited to 16 colours and it looks better #pixelart",
    ],
  },
  {
    tags: ["photography", "film", "streetphoto", "travel", "darkroom"],
    bio: "Street photographer shooting film, developing in my own darkroom, travelling for the light.",
    posts: [
      "Developed six rolls of #film this weekend",
      "Golden hour #streetphoto in the old town",
      "#darkroom printing is meditation",
      "Pushed Tri-X two stops for a night walk #film",
      "Market faces in Lisbon, shot from the hip #streetphoto",
      "Contact sheets spread over the kitchen table #film",
      "Train window light on the way to Kyoto #travel",
      "Split-grade printing finally makes sense #darkroom",
      "Waited an hour for the right passer-by #streetphoto",
      "Three cities, one lens, forty rolls #travel",
    ],
  },
] as const;

const POSTS_PER_PERSON = 3;

/** Endings that make one line several posts; with ten lines per cluster there are far more pairs than posts. */
const ENDINGS = [
  "",
  " Anyone else?",
  " Still thinking about it.",
  " Recommendations welcome.",
  " Worth it.",
  " Notes in the replies.",
  " 🔥",
  " Day three of this.",
] as const;

const REPLIES = [
  "Love this!",
  "Totally agree.",
  "Tell me more?",
  "Same here 🙌",
  "Bookmarking this.",
  "How long did that take you?",
  "This made my morning.",
  "Got a link for the setup?",
  "I tried that last year, works great.",
  "Counterpoint: it depends on the team.",
  "Saving this for the weekend.",
  "Can confirm, did the same.",
  "What would you do differently?",
  "This is the way.",
  "Wow, congrats!",
  "Sharing with my group.",
  "Do you have photos?",
  "I needed to read this today.",
  "Great thread, thanks.",
  "Adding it to my list.",
] as const;

const FIRST_NAMES = [
  "Alice",
  "Bob",
  "Carol",
  "Dave",
  "Erin",
  "Frank",
  "Grace",
  "Heidi",
  "Ivan",
  "Judy",
  "Karl",
  "Lena",
  "Mallory",
  "Niaj",
  "Olivia",
  "Peggy",
  "Quentin",
  "Rupert",
  "Sybil",
  "Trent",
  "Uma",
  "Victor",
  "Wendy",
  "Xavier",
  "Yuki",
  "Zoe",
  "Amara",
  "Bruno",
  "Chen",
  "Dalia",
  "Emeka",
  "Farah",
  "Goran",
  "Hana",
  "Ines",
  "Jonas",
  "Kenji",
  "Lucia",
  "Mateo",
  "Nadia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Ugo",
  "Vera",
  "Wei",
  "Ximena",
  "Yara",
  "Zain",
  "Aiko",
  "Bea",
  "Caio",
  "Devi",
  "Elif",
  "Femi",
  "Gia",
  "Hugo",
];

/** mulberry32: a tiny seeded PRNG so the demo is the same on every machine. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items[index]`, which the tables above always have (a wrong index is a bug of this file, so it throws). */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`demo community: no item ${index} of ${items.length}`);
  return item;
}

/** A fresh post for someone of `cluster`, as the demo's background activity writes them (repeats are rare, not impossible). */
export function livePostText(cluster: number, random: () => number): string {
  const lines = at(CLUSTERS, cluster % CLUSTERS.length).posts;
  const pick = <T>(items: readonly T[]): T => at(items, Math.floor(random() * items.length));
  return `${pick(lines)}${pick(ENDINGS)}`;
}

export interface DemoPerson {
  username: string;
  displayName: string;
  bio: string;
  interestTags: string[];
  city: string;
  timezone: string;
  cluster: number;
}

export interface DemoCommunity {
  people: DemoPerson[];
  /** [follower, followee] usernames. */
  follows: Array<[string, string]>;
  posts: Array<{ author: string; content: string; replyTo?: number }>;
  /** [username, index into posts]. */
  likes: Array<[string, number]>;
}

export function buildDemoCommunity(seed = 2026): DemoCommunity {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => at(items, Math.floor(random() * items.length));

  const people = FIRST_NAMES.map((name, index): DemoPerson => {
    const cluster = index % CLUSTERS.length;
    const { tags, bio } = at(CLUSTERS, cluster);
    // Mostly the cluster's tags plus one from a neighbouring cluster: overlapping, noisy interests.
    const neighbour = at(CLUSTERS, (cluster + 1) % CLUSTERS.length);
    const ownTags = tags.filter(() => random() < 0.75);
    const location = at(CITIES, (index * 3 + Math.floor(index / CLUSTERS.length)) % CITIES.length);
    return {
      username: name.toLowerCase(),
      displayName: name,
      bio,
      interestTags: [...new Set([...(ownTags.length ? ownTags : [tags[0]]), pick(neighbour.tags)])],
      city: location.city,
      timezone: location.timezone,
      cluster,
    };
  });

  // Pairs are collected as "a b" strings in Sets (no pair twice), then split back.
  const follows = new Set<string>();
  for (const person of people) {
    const clusterMates = people.filter((other) => other.cluster === person.cluster && other !== person);
    for (const mate of clusterMates) if (random() < 0.7) follows.add(`${person.username} ${mate.username}`);
    for (let extra = 0; extra < 3; extra++) {
      const other = pick(people);
      if (other !== person) follows.add(`${person.username} ${other.username}`);
    }
  }

  const posts: DemoCommunity["posts"] = [];
  // No text twice: each person posts three of the cluster's lines, each with an ending nobody used with it before.
  const used = new Set<string>();
  for (const person of people) {
    const lines = at(CLUSTERS, person.cluster).posts;
    const mates = people.filter((other) => other.cluster === person.cluster && other !== person);
    for (let index = 0; index < POSTS_PER_PERSON; index++) {
      let text = `${pick(lines)}${pick(ENDINGS)}`;
      while (used.has(text)) text = `${pick(lines)}${pick(ENDINGS)}`;
      used.add(text);
      const mention = index === 1 && mates.length ? ` cc @${pick(mates).username}` : "";
      posts.push({ author: person.username, content: `${text}${mention}` });
    }
  }
  // Replies so threads are not empty, each worded once.
  const authored = posts.length;
  REPLIES.forEach((content) => {
    posts.push({ author: pick(people).username, content, replyTo: Math.floor(random() * authored) });
  });

  const likes = new Set<string>();
  for (let like = 0; like < 400; like++) likes.add(`${pick(people).username} ${Math.floor(random() * posts.length)}`);

  return {
    people,
    follows: [...follows].map((pair): [string, string] => {
      const [follower, followee] = pair.split(" ");
      return [follower ?? "", followee ?? ""];
    }),
    posts,
    likes: [...likes].map((pair): [string, number] => {
      const [username, index] = pair.split(" ");
      return [username ?? "", Number(index)];
    }),
  };
}
