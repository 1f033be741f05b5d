import { engagements, follows, newId, profiles, sql, tweets, users } from "@pulse/db";
import { hashPassword } from "../auth/password";
import { type FanOutDeps, fanOutTweet } from "../feed/feed";
import { createNotification } from "../notifications/records";
import { extractMentions, extractTopics } from "../social/text";
import { buildDemoCommunity, DEMO_PASSWORD } from "./community";

/**
 * Seeds the demo community into an empty database: people with profiles, follows, tweets, likes, the FOLLOW and
 * MENTION notifications those caused, and everyone's feed (each seeded tweet fanned out as a new one is, oldest
 * first). Safe to call on every start and from several instances at once: the users table is locked for the check,
 * so exactly one caller seeds and only when no user exists. Returns the number of users created (0 when the
 * database already had users).
 */
export async function seedDemoCommunity(deps: FanOutDeps): Promise<number> {
  const { db } = deps;
  // Most starts find a seeded database: answer that without paying for a hash.
  const [anyone] = await db.select({ id: users.id }).from(users).limit(1);
  if (anyone) return 0;
  const community = buildDemoCommunity();
  // One hash for all (the password is published anyway), outside the transaction: it is the slow part (~0.4 s).
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const seeded = await db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${users} in share row exclusive mode`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if ((existing?.n ?? 0) > 0) return undefined;

    const idByUsername = new Map(community.people.map((person) => [person.username, newId()]));
    const idOf = (username: string) => {
      const id = idByUsername.get(username);
      if (!id) throw new Error(`unknown demo user ${username}`);
      return id;
    };
    await tx.insert(users).values(
      community.people.map((person) => ({
        id: idOf(person.username),
        username: person.username,
        displayName: person.displayName,
        passwordHash,
      })),
    );
    await tx.insert(profiles).values(
      community.people.map((person) => ({
        userId: idOf(person.username),
        bio: person.bio,
        interestTags: person.interestTags,
        city: person.city,
        timezone: person.timezone,
      })),
    );
    await tx
      .insert(follows)
      .values(
        community.follows.map(([follower, followee]) => ({ followerId: idOf(follower), followeeId: idOf(followee) })),
      );

    // Spread the posts over the last two days so feeds and trending have a history.
    const now = Date.now();
    const tweetIds = community.posts.map(() => newId());
    const tweetIdOf = (index: number) => {
      const id = tweetIds[index];
      if (!id) throw new Error(`no demo post #${index}`);
      return id;
    };
    await tx.insert(tweets).values(
      community.posts.map((post, index) => ({
        id: tweetIdOf(index),
        authorId: idOf(post.author),
        content: post.content,
        replyToId: post.replyTo === undefined ? null : tweetIdOf(post.replyTo),
        topics: extractTopics(post.content),
        mentionIds: extractMentions(post.content).flatMap((username) => idByUsername.get(username) ?? []),
        createdAt: new Date(now - (community.posts.length - index) * 5 * 60 * 1000),
      })),
    );
    const likes = community.likes.filter(([username, index]) => community.posts[index]?.author !== username);
    await tx.insert(engagements).values(
      likes.map(([username, index]) => ({
        userId: idOf(username),
        tweetId: tweetIdOf(index),
        kind: "like" as const,
      })),
    );
    await tx.execute(sql`
      update ${tweets} set
        like_count = (select count(*) from ${engagements} e where e.tweet_id = ${tweets.id} and e.kind = 'like'),
        reply_count = (select count(*) from ${tweets} r where r.reply_to_id = ${tweets.id})`);
    // What those follows and mentions would have told people, numbered in each recipient's stream.
    const actorOf = (username: string) => {
      const person = community.people.find((candidate) => candidate.username === username);
      if (!person) throw new Error(`unknown demo user ${username}`);
      return { id: idOf(username), username, displayName: person.displayName, createdAt: new Date(now) };
    };
    for (const [follower, followee] of community.follows) {
      await createNotification(tx, {
        recipientId: idOf(followee),
        kind: "FOLLOW",
        actor: actorOf(follower),
        tweetId: null,
      });
    }
    for (const [index, post] of community.posts.entries()) {
      for (const username of extractMentions(post.content)) {
        const recipientId = idByUsername.get(username);
        if (!recipientId) continue;
        await createNotification(tx, {
          recipientId,
          kind: "MENTION",
          actor: actorOf(post.author),
          tweetId: tweetIdOf(index),
        });
      }
    }
    return { users: community.people.length, tweetIds };
  });
  if (!seeded) return 0;
  for (const tweetId of seeded.tweetIds) await fanOutTweet(deps, tweetId);
  return seeded.users;
}
