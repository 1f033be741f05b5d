import type { BenchOptions } from "../options";
import { mapLimit } from "../util/pool";
import { type Account, signUp } from "./accounts";
import { connectDatabase, insertAccounts } from "./direct-accounts";
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

/**
 * Signs bob, star and the drivers up through `auth.signup`, spread over `serverUrls`; the idle users and the likers
 * (hundreds: one scrypt hash each would take minutes of both cores) get the same users + sessions rows inserted
 * directly (pulse/direct-accounts.ts) into the database the servers use.
 */
export async function createCommunity(
  serverUrls: string[],
  options: BenchOptions,
  databaseUrl: string,
): Promise<Community> {
  const likers = options.scenarios.includes("burst") ? options.burstLikes : 0;
  const usernames = ["bob", "star", ...Array.from({ length: options.drivers }, (_, i) => `driver_${i}`)];
  const startedAt = performance.now();
  const signedUp = await mapLimit(usernames.length, SIGNUP_CONCURRENCY, (i) =>
    signUp(serverUrls[i % serverUrls.length] as string, usernames[i] as string, i),
  );
  const signupMs = performance.now() - startedAt;
  const db = await connectDatabase(databaseUrl);
  let inserted: Account[];
  try {
    inserted = [
      ...(await insertAccounts(db, "idle_", idleUsersNeeded(options))),
      ...(await insertAccounts(db, "liker_", likers)),
    ];
  } finally {
    await db.end();
  }
  const accounts = [...signedUp, ...inserted];
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
