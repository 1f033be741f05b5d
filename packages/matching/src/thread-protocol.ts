import type { MatchIndex } from "./match-index";
import type { Profile } from "./types";

/** A page of profiles: objects, or their JSON array (cheapest for the sender when it already has the text). */
export type ProfilePage = readonly Profile[] | string;

/** Main thread → build thread: profile pages, then one `build`. */
export type ToBuildThread = { type: "profiles"; profiles: ProfilePage } | { type: "build" };

/** Build thread → main thread: exactly one reply per build. */
export type FromBuildThread = { type: "index"; index: MatchIndex } | { type: "error"; error: unknown };
