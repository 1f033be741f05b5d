import type { BenchOptions } from "../options";
import { mapLimit } from "../util/pool";
import { type Account, signUp } from "./accounts";
import { createHttpClient } from "./http-client";

/** Every account and tweet the Pulse scenarios use, created once through `auth.signup` and `tweet.create`. */
export interface Community {
  /** The target: mentioned by every latency sample. */
  bob: Account;
  /** Post the mentions, taking turns. */
  drivers: Account[];
  /** Own the idle connections (several each). */
  idle: Account[];
  /** bob's tweet, watched with engagement.onUpdate by the idle-cost connections. */
  subjectTweetId: string;
  /** Author of the burst tweet; holds notification.onNew during the burst. */
  star: Account;
  burstTweetId: string;
  /** One per like of the burst. */
  likers: Account[];
  signupMs: number;
}

const SIGNUP_CONCURRENCY = 8;

export function idleUsersNeeded(options: BenchOptions): number {
  const latency = options.scenarios.includes("latency") ? options.idleClients : 0;
  const idleCost = options.scenarios.includes("idle") ? options.idleCostConnections : 0;
  return Math.ceil(Math.max(latency, idleCost) / options.connectionsPerUser);
}

/** Signs everybody up, spread over `serverUrls` (scrypt is CPU-bound: two instances use both cores). */
export async function createCommunity(serverUrls: string[], options: BenchOptions): Promise<Community> {
  const likers = options.scenarios.includes("burst") ? options.burstLikes : 0;
  const usernames = [
    "bob",
    "star",
    ...Array.from({ length: options.drivers }, (_, i) => `driver_${i}`),
    ...Array.from({ length: idleUsersNeeded(options) }, (_, i) => `idle_${i}`),
    ...Array.from({ length: likers }, (_, i) => `liker_${i}`),
  ];
  const startedAt = performance.now();
  const accounts = await mapLimit(usernames.length, SIGNUP_CONCURRENCY, (i) =>
    signUp(serverUrls[i % serverUrls.length] as string, usernames[i] as string, i),
  );
  const signupMs = performance.now() - startedAt;
  const [bob, star] = accounts as [Account, Account];
  const firstServer = serverUrls[0] as string;
  const subject = await createHttpClient(firstServer, bob.token).tweet.create.mutate({ content: "Hello from bob" });
  const burst = await createHttpClient(firstServer, star.token).tweet.create.mutate({ content: "Like this #burst" });
  const driversEnd = 2 + options.drivers;
  const idleEnd = driversEnd + idleUsersNeeded(options);
  return {
    bob,
    star,
    drivers: accounts.slice(2, driversEnd),
    idle: accounts.slice(driversEnd, idleEnd),
    likers: accounts.slice(idleEnd),
    subjectTweetId: subject.id,
    burstTweetId: burst.id,
    signupMs,
  };
}
