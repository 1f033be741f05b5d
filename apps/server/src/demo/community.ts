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
    ],
  },
  {
    tags: ["ml", "llms", "python", "datasets", "mlops"],
    bio: "Machine learning engineer shipping models to production; careful about evals and data quality.",
    posts: [
      "Your eval set is the product. #ML",
      "Fine-tuning small #LLMs beats prompting big ones for this task",
      "Cleaning #datasets is 80% of the job",
    ],
  },
  {
    tags: ["climbing", "trailrunning", "hiking", "outdoors", "camping"],
    bio: "Weekends on the rock, weekdays dreaming about the next trail run and camping trip.",
    posts: [
      "Sent my first 7a today! #climbing",
      "Sunrise #trailrunning loop, 21 km of pure joy",
      "Gear list for a three day #hiking trip?",
    ],
  },
  {
    tags: ["jazz", "vinyl", "piano", "music", "concerts"],
    bio: "Jazz pianist and vinyl collector. Always looking for the next late-night concert.",
    posts: [
      "Found a first pressing of Kind of Blue #vinyl",
      "Practising voicings for tonight's #jazz session",
      "Best small #concerts venues in town?",
    ],
  },
  {
    tags: ["startups", "fundraising", "saas", "founders", "product"],
    bio: "Second-time founder building B2B SaaS. Notes on fundraising, hiring and product.",
    posts: [
      "Closed our seed round! #fundraising #startups",
      "The best #product decision is often what you cut",
      "#founders: talk to users every single week",
    ],
  },
  {
    tags: ["gardening", "plants", "permaculture", "composting", "houseplants"],
    bio: "Urban gardener growing tomatoes on a balcony and far too many houseplants.",
    posts: [
      "First tomatoes of the season #gardening",
      "Propagating pothos cuttings #houseplants",
      "Balcony #composting works better than expected",
    ],
  },
  {
    tags: ["gamedev", "pixelart", "indiegames", "godot", "shaders"],
    bio: "Indie game developer: pixel art, tight controls and too many prototypes in Godot.",
    posts: [
      "New #pixelart tileset for the forest level",
      "Switched the prototype to #Godot 4 #gamedev",
      "Playtest night for our #indiegames jam entry",
    ],
  },
  {
    tags: ["photography", "film", "streetphoto", "travel", "darkroom"],
    bio: "Street photographer shooting film, developing in my own darkroom, travelling for the light.",
    posts: [
      "Developed six rolls of #film this weekend",
      "Golden hour #streetphoto in the old town",
      "#darkroom printing is meditation",
    ],
  },
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
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const people = FIRST_NAMES.map((name, index): DemoPerson => {
    const cluster = index % CLUSTERS.length;
    const { tags, bio } = CLUSTERS[cluster] as (typeof CLUSTERS)[number];
    // Mostly the cluster's tags plus one from a neighbouring cluster: overlapping, noisy interests.
    const neighbour = CLUSTERS[(cluster + 1) % CLUSTERS.length] as (typeof CLUSTERS)[number];
    const ownTags = tags.filter(() => random() < 0.75);
    const location = CITIES[
      (index * 3 + Math.floor(index / CLUSTERS.length)) % CITIES.length
    ] as (typeof CITIES)[number];
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
  for (const person of people) {
    const templates = (CLUSTERS[person.cluster] as (typeof CLUSTERS)[number]).posts;
    const mates = people.filter((other) => other.cluster === person.cluster && other !== person);
    templates.forEach((template, index) => {
      const mention = index === 1 && mates.length ? ` cc @${pick(mates).username}` : "";
      posts.push({ author: person.username, content: `${template}${mention}` });
    });
  }
  // A few replies so threads are not empty.
  for (let reply = 0; reply < 20; reply++) {
    const parent = Math.floor(random() * posts.length);
    posts.push({
      author: pick(people).username,
      content: pick(["Love this!", "Totally agree.", "Tell me more?", "Same here 🙌"]),
      replyTo: parent,
    });
  }

  const likes = new Set<string>();
  for (let like = 0; like < 400; like++) likes.add(`${pick(people).username} ${Math.floor(random() * posts.length)}`);

  return {
    people,
    follows: [...follows].map((pair) => pair.split(" ") as [string, string]),
    posts,
    likes: [...likes].map((pair) => {
      const [username, index] = pair.split(" ");
      return [username as string, Number(index)];
    }),
  };
}
