import type { MatchIndex } from "./match-index";
import type { Profile } from "./types";

/** Main thread → build thread: profile pages, then one `build`. */
export type ToBuildThread = { type: "profiles"; profiles: readonly Profile[] } | { type: "build" };

/** Build thread → main thread: exactly one reply per build. */
export type FromBuildThread = { type: "index"; index: MatchIndex } | { type: "error"; error: unknown };
