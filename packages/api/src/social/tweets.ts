import { type Database, eq, tweets, users } from "@pulse/db";

export const tweetColumns = {
  id: tweets.id,
  content: tweets.content,
  replyToId: tweets.replyToId,
  topics: tweets.topics,
  likeCount: tweets.likeCount,
  replyCount: tweets.replyCount,
  retweetCount: tweets.retweetCount,
  bookmarkCount: tweets.bookmarkCount,
  createdAt: tweets.createdAt,
  deletedAt: tweets.deletedAt,
  author: { id: users.id, username: users.username, displayName: users.displayName },
};

type TweetRecord = typeof tweets.$inferSelect;
type UserRecord = typeof users.$inferSelect;

type CountsRow = Pick<TweetRecord, "id" | "likeCount" | "replyCount" | "retweetCount" | "bookmarkCount">;

/** A tweet as `tweetColumns` selects it; a tweet just written may leave `deletedAt` out (it is not deleted). */
type TweetRow = CountsRow &
  Pick<TweetRecord, "content" | "replyToId" | "topics" | "createdAt"> &
  Partial<Pick<TweetRecord, "deletedAt">> & { author: Pick<UserRecord, "id" | "username" | "displayName"> };

/** The payload of `engagement.onUpdate`. */
export function engagementCounts(row: CountsRow) {
  return {
    tweetId: row.id,
    likes: row.likeCount,
    replies: row.replyCount,
    retweets: row.retweetCount,
    bookmarks: row.bookmarkCount,
  };
}

/** The columns to RETURNING after a counter update: the counts plus who to notify. */
engagementCounts.columns = {
  id: tweets.id,
  authorId: tweets.authorId,
  likeCount: tweets.likeCount,
  replyCount: tweets.replyCount,
  retweetCount: tweets.retweetCount,
  bookmarkCount: tweets.bookmarkCount,
};

export type EngagementCounts = ReturnType<typeof engagementCounts>;

/** The wire shape of a tweet. */
export function toTweet(row: TweetRow) {
  return {
    id: row.id,
    author: row.author,
    content: row.content,
    replyToId: row.replyToId,
    topics: row.topics,
    counts: engagementCounts(row),
    createdAt: row.createdAt.toISOString(),
    /** A deleted post's tombstone (only threads show one, as a placeholder): its content is empty. */
    deleted: row.deletedAt != null,
  };
}

export type Tweet = ReturnType<typeof toTweet>;

export function selectTweets(db: Database) {
  return db.select(tweetColumns).from(tweets).innerJoin(users, eq(users.id, tweets.authorId));
}
