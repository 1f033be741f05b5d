import {
  engagements,
  eq,
  feedEntries,
  notifications,
  queryRowsPrepared,
  sql,
  streamSequences,
  tweets,
} from "@pulse/db";
import { TRPCError } from "@trpc/server";
import { channels } from "../channels";
import type { Context } from "../context";
import { transactAndPublish } from "./publish";

/**
 * Deletes the author's own tweet, in one transaction: the row becomes a tombstone (content, topics and mentions
 * emptied, `deleted_at` set) so replies keep their place in the thread; every feed entry of it becomes a removal
 * event, renumbered to the next seq of its feed (sequences bumped in user-id order, as fan-out does, so the two
 * cannot deadlock); its likes, retweets and bookmarks and the notifications about it go; the parent's reply count
 * drops. Each affected feed's channel rings after the commit. Deleting it again changes nothing.
 */
export async function deleteTweet(ctx: Pick<Context, "db" | "bus" | "logger">, authorId: string, tweetId: string) {
  return transactAndPublish(ctx, async (tx, emit) => {
    const [target] = await tx
      .select({ authorId: tweets.authorId, deletedAt: tweets.deletedAt, replyToId: tweets.replyToId })
      .from(tweets)
      .where(eq(tweets.id, tweetId))
      .for("update");
    if (!target) throw new TRPCError({ code: "NOT_FOUND", message: "No such tweet" });
    if (target.authorId !== authorId)
      throw new TRPCError({ code: "FORBIDDEN", message: "You can only delete your own posts" });
    if (target.deletedAt) return { deleted: true, changed: false };

    await tx
      .update(tweets)
      .set({
        content: "",
        topics: [],
        mentionIds: [],
        deletedAt: new Date(),
        likeCount: 0,
        retweetCount: 0,
        bookmarkCount: 0,
      })
      .where(eq(tweets.id, tweetId));
    if (target.replyToId) {
      await tx
        .update(tweets)
        .set({ replyCount: sql`greatest(${tweets.replyCount} - 1, 0)` })
        .where(eq(tweets.id, target.replyToId));
    }
    await tx.delete(engagements).where(eq(engagements.tweetId, tweetId));
    await tx.delete(notifications).where(eq(notifications.tweetId, tweetId));
    const removed = await queryRowsPrepared<{ user_id: string; seq: string | number }>(
      tx,
      "pulse_delete_tweet_feed",
      sql`
        with affected as (
          select user_id from ${feedEntries} where tweet_id = ${tweetId}::uuid and removed_at is null
        ),
        bumped as (
          insert into ${streamSequences} (user_id, stream, last_seq)
          select user_id, 'feed', 1 from affected order by user_id
          on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + 1
          returning user_id, last_seq
        )
        update ${feedEntries} fe set seq = b.last_seq, removed_at = now()
        from bumped b
        where fe.user_id = b.user_id and fe.tweet_id = ${tweetId}::uuid
        returning fe.user_id, fe.seq`,
    );
    for (const row of removed) {
      emit(channels.userFeed(row.user_id), {
        type: "removed",
        removal: { seq: Number(row.seq), removedTweetId: tweetId },
      });
    }
    emit(channels.tweetEngagement(tweetId), { type: "changed" });
    // A thread showing the parent refetches when its reply count moves: the reply turns into a placeholder live.
    if (target.replyToId) emit(channels.tweetEngagement(target.replyToId), { type: "changed" });
    return { deleted: true, changed: true };
  });
}
