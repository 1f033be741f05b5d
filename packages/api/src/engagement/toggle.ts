import { and, engagements, eq, isNull, jobOutbox, newId, sql, tweets } from "@pulse/db";
import { TRPCError } from "@trpc/server";
import { channels } from "../channels";
import type { Context } from "../context";
import { createNotification, retractNotification } from "../notifications/records";
import { relayAfterCommit } from "../social/outbox";
import { transactAndPublish } from "../social/publish";
import { engagementCounts } from "../social/tweets";
import { readCounts } from "./counts";

export type EngagementKind = (typeof engagements.$inferSelect)["kind"];

const counterOf = { like: "likeCount", retweet: "retweetCount", bookmark: "bookmarkCount" } as const;
const notificationOf = { like: "LIKE", retweet: "RETWEET", bookmark: undefined } as const;

/** Adds (or removes) one engagement; idempotent: repeating it changes nothing and notifies nobody. */
export async function setEngagement(
  ctx: Context & { session: NonNullable<Context["session"]> },
  tweetId: string,
  kind: EngagementKind,
  on: boolean,
) {
  const me = ctx.session.user;
  if (!(await readCounts(ctx, tweetId))) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
  let repostJobId: string | undefined;
  const result = await transactAndPublish(ctx, async (tx, emit) => {
    const key = and(eq(engagements.userId, me.id), eq(engagements.tweetId, tweetId), eq(engagements.kind, kind));
    const changed = on
      ? await tx
          .insert(engagements)
          .values({ userId: me.id, tweetId, kind })
          .onConflictDoNothing()
          .returning({ kind: engagements.kind })
      : await tx.delete(engagements).where(key).returning({ kind: engagements.kind });
    const counter = counterOf[kind];
    const [tweet] = await tx
      .update(tweets)
      .set({ [counter]: sql`${tweets[counter]} + ${changed.length === 0 ? 0 : on ? 1 : -1}` })
      .where(and(eq(tweets.id, tweetId), isNull(tweets.deletedAt)))
      .returning(engagementCounts.columns);
    // Deleted between the check and the update: the throw rolls the engagement back.
    if (!tweet) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    if (changed.length === 0) return { active: on, changed: false, counts: engagementCounts(tweet) };
    emit(channels.tweetEngagement(tweetId), { type: "changed" });
    const notificationKind = notificationOf[kind];
    if (on && notificationKind) {
      const notification = await createNotification(tx, {
        recipientId: tweet.authorId,
        kind: notificationKind,
        actor: me,
        tweetId,
      });
      if (notification) emit(channels.userNotifications(tweet.authorId), { type: "new", notification });
    } else if (notificationKind) {
      // Undone: the author's notification of it goes too, live and in the replay.
      const retraction = await retractNotification(tx, {
        recipientId: tweet.authorId,
        kind: notificationKind,
        actorId: me.id,
        tweetId,
      });
      if (retraction)
        emit(channels.userNotifications(tweet.authorId), {
          type: "retracted",
          retraction,
        });
    }
    if (kind === "retweet") {
      // The reposter's followers' feeds follow the repost (or its undo) off the request path, via the outbox.
      repostJobId = `feed.fanout-repost-${newId()}`;
      await tx.insert(jobOutbox).values({
        queue: "feed.fanout",
        jobId: repostJobId,
        payload: { tweetId, reposterId: me.id },
      });
    }
    return { active: on, changed: true, counts: engagementCounts(tweet) };
  });
  if (repostJobId) await relayAfterCommit(ctx, [repostJobId]);
  return result;
}
