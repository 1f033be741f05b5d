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
import type { NotificationKind } from "../notifications/records";
import { transactAndPublish } from "./publish";

type RetractedRow = {
  id: string;
  recipient_id: string;
  seq: string | number;
  kind: NotificationKind;
  actor_id: string;
};

/**
 * Deletes the author's own tweet, in one transaction: the row becomes a tombstone (content, topics and mentions
 * emptied, `deleted_at` set) so replies keep their place in the thread; every notification about it (likes and
 * retweets of it, the REPLY or MENTION it caused) becomes a retraction, renumbered to its recipient's next seqs;
 * every feed entry of it becomes a removal event, renumbered to the next seq of its feed (each stream's sequences
 * bumped in user-id order, as fan-out and tweet.create do, notifications before feeds as tweet.create does); its
 * likes, retweets and bookmarks go; the parent's reply count drops. After the commit each recipient hears its
 * retractions, each affected feed its removal, and the post's engagement stream rings (its subscribers get
 * `deleted: true`). Deleting it again changes nothing.
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
    const retracted = await queryRowsPrepared<RetractedRow>(
      tx,
      "pulse_delete_tweet_notifications",
      sql`
        with targets as (
          select id, recipient_id, row_number() over (partition by recipient_id order by seq) as rn
          from ${notifications} where tweet_id = ${tweetId}::uuid and retracted_at is null
        ),
        per_recipient as (
          select recipient_id, count(*) as n from targets group by recipient_id
        ),
        bumped as (
          insert into ${streamSequences} (user_id, stream, last_seq)
          select recipient_id, 'notifications', n from per_recipient order by recipient_id
          on conflict (user_id, stream) do update set last_seq = ${streamSequences}.last_seq + excluded.last_seq
          returning user_id, last_seq
        )
        update ${notifications} n set seq = b.last_seq - p.n + t.rn, retracted_at = now()
        from targets t
        join per_recipient p on p.recipient_id = t.recipient_id
        join bumped b on b.user_id = t.recipient_id
        where n.id = t.id
        returning n.id, n.recipient_id, n.seq, n.kind, n.actor_id`,
    );
    // Each recipient's retractions in seq order: a live stream takes them in the order they are numbered.
    retracted.sort((a, b) => a.recipient_id.localeCompare(b.recipient_id) || Number(a.seq) - Number(b.seq));
    for (const row of retracted) {
      emit(channels.userNotifications(row.recipient_id), {
        type: "retracted",
        retraction: { seq: Number(row.seq), retractedId: row.id, kind: row.kind, tweetId, actorId: row.actor_id },
      });
    }
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
