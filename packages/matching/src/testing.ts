import type { Profile } from "./types";

/** January: Berlin is UTC+1, New York UTC−5, Tokyo UTC+9 (fixed so tests do not depend on today's DST). */
export const JANUARY = new Date("2025-01-15T12:00:00Z");

/** A hand-made community small enough to work out every score and reason by hand. */
export const HAND_MADE: readonly Profile[] = [
  {
    userId: "alice",
    bio: "Rust engineer writing WebGPU shaders and renderers.",
    interestTags: ["rust", "webgpu", "climbing"],
    city: "Berlin",
    timezone: "Europe/Berlin",
  },
  {
    userId: "bob",
    bio: "I write shaders in WebGPU; love renderers.",
    interestTags: ["rust", "webgpu", "music"],
    city: " berlin ",
    timezone: "Europe/Berlin",
  },
  {
    userId: "carol",
    bio: "Backend developer.",
    interestTags: ["rust"],
    city: "New York",
    timezone: "America/New_York",
  },
  {
    userId: "dave",
    bio: "Knitting sweaters for my cats.",
    interestTags: ["knitting"],
    city: "Berlin",
    timezone: "Europe/Berlin",
  },
  {
    userId: "erin",
    bio: "Embedded developer on microcontrollers.",
    interestTags: ["rust", "embedded"],
    city: "Tokyo",
    timezone: "Asia/Tokyo",
  },
  {
    userId: "frank",
    bio: "Gardener by day; at night I build WebGPU renderers.",
    interestTags: ["gardening"],
    city: "Paris",
    timezone: "Europe/Paris",
  },
];

export function handMadeProfile(userId: string): Profile {
  const profile = HAND_MADE.find((p) => p.userId === userId);
  if (profile === undefined) throw new Error(`no hand-made profile ${userId}`);
  return profile;
}
