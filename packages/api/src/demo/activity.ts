import { randomUUID } from "node:crypto";
import { desc, inArray, tweets, users } from "@pulse/db";
import { createSession } from "../auth/sessions";
import { type ApiDeps, createContext } from "../context";
import { appRouter } from "../root";
import { createCallerFactory } from "../trpc";
import { buildDemoCommunity, DEMO_USERNAME, livePostText } from "./community";

const createCaller = createCallerFactory(appRouter);
/** Sessions of the acting demo users; long enough for any demo, pruned with the rest once expired. */
const ACTOR_SESSION_MS = 7 * 24 * 60 * 60 * 1000;
/** Likes go to one of the newest posts, so what happens is visible on Home. */
const RECENT_POSTS = 30;

export interface DemoActivityOptions {
  /** One action (a post, a like or a follow by some demo user) per interval. */
  intervalMs: number;
  /** Injected for tests; Math.random otherwise. */
  random?: () => number;
}

export interface DemoActivity {
  /** Actions that were carried out (failed ones are logged and not counted). */
  readonly actions: number;
  stop(): Promise<void>;
}

/**
 * Makes the seeded demo community live while someone watches: every interval one demo user (never the demo login,
 * alice, who is the watcher) posts, likes a recent post or follows someone — through the router, as a signed-in
 * user, so notifications, feeds, counters and trending move exactly as they would for real people. Some actions
 * concern alice (a mention, a like of her post, a follow) so her notifications move too.
 */
export function startDemoActivity(deps: ApiDeps, options: DemoActivityOptions): DemoActivity {
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const community = buildDemoCommunity();
  const actors = community.people.filter((person) => person.username !== DEMO_USERNAME);
  const tokens = new Map<string, string>();
  let idsByUsername: Map<string, string> | undefined;
  let actions = 0;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function ids(): Promise<Map<string, string>> {
    if (idsByUsername) return idsByUsername;
    const rows = await deps.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(
        inArray(
          users.username,
          community.people.map((person) => person.username),
        ),
      );
    idsByUsername = new Map(rows.map((row) => [row.username, row.id]));
    return idsByUsername;
  }

  async function callerFor(username: string, userId: string) {
    let token = tokens.get(username);
    if (!token) {
      token = (await createSession(deps.db, userId, ACTOR_SESSION_MS)).token;
      tokens.set(username, token);
    }
    return createCaller(await createContext(deps, { transport: "http", ip: "127.0.0.1", token }));
  }

  async function act(): Promise<void> {
    const known = await ids();
    const actor = pick(actors);
    const actorId = actor && known.get(actor.username);
    const aliceId = known.get(DEMO_USERNAME);
    if (!actor || !actorId) return;
    const caller = await callerFor(actor.username, actorId);
    const roll = random();
    if (roll < 0.45) {
      const mention = random() < 0.25 ? ` cc @${DEMO_USERNAME}` : "";
      await caller.tweet.create({
        content: `${livePostText(actor.cluster, random)}${mention}`,
        requestId: randomUUID(),
      });
    } else if (roll < 0.85) {
      const recent = await deps.db
        .select({ id: tweets.id, authorId: tweets.authorId })
        .from(tweets)
        .orderBy(desc(tweets.createdAt))
        .limit(RECENT_POSTS);
      const others = recent.filter((tweet) => tweet.authorId !== actorId);
      const alices = others.filter((tweet) => tweet.authorId === aliceId);
      const target = (random() < 0.3 ? pick(alices) : undefined) ?? pick(others);
      if (!target) return;
      await caller.engagement.like({ tweetId: target.id });
    } else {
      const followee = random() < 0.3 ? aliceId : known.get(pick(actors)?.username ?? "");
      if (!followee || followee === actorId) return;
      await caller.user.follow({ userId: followee });
    }
    actions++;
  }

  let busy = false;
  const timer = setInterval(() => {
    // A tick that finds the previous action still running is skipped: a slow database must not pile actions up.
    if (busy || stopped) return;
    busy = true;
    running = act()
      .catch((error: unknown) => deps.logger.warn({ err: error }, "demo activity: an action failed"))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs);
  timer.unref();

  return {
    get actions() {
      return actions;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
