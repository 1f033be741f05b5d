import { type CreateTRPCReact, createTRPCReact } from "@trpc/react-query";
import type { AppRouter } from "../app-router";

/** Pulse's @trpc/react-query hooks: `pulse.tweet.create.useMutation()`, `pulse.feed.list.useInfiniteQuery(…)`. */
export type PulseReact = CreateTRPCReact<AppRouter, unknown>;

/**
 * The typed hooks and their `Provider`, typed by the router's bundled types. Call it once per app, at module level:
 * each call makes its own React context.
 */
export function createPulseReact(): PulseReact {
  return createTRPCReact<AppRouter>();
}
