import { and, type Database, desc, engagements, eq, inArray, lt, or, tweets, users } from "@pulse/db";
import { decodeCursor, page } from "../social/cursor";
import { toTweet, tweetColumns } from "../social/tweets";

/** A user's bookmarks, most recently bookmarked first; keyset-paginated on (bookmarked at, tweet id). */
export async function bookmarksPage(
  db: Database,
  userId: string,
  input: { cursor?: string | null | undefined; limit: number },
) {
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select({ ...tweetColumns, bookmarkedAt: engagements.createdAt })
    .from(engagements)
    .innerJoin(tweets, eq(tweets.id, engagements.tweetId))
    .innerJoin(users, eq(users.id, tweets.authorId))
    .where(
      and(
        eq(engagements.userId, userId),
        eq(engagements.kind, "bookmark"),
        cursor
          ? or(
              lt(engagements.createdAt, cursor.at),
              and(eq(engagements.createdAt, cursor.at), lt(engagements.tweetId, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(engagements.createdAt), desc(engagements.tweetId))
    .limit(input.limit + 1);
  const { items, nextCursor } = page(rows, input.limit, (row) => ({ at: row.bookmarkedAt, id: row.id }));
  return { items: items.map(toTweet), nextCursor };
}

/** Which of the given tweets the user has liked, retweeted or bookmarked (for pressed buttons). */
export async function engagementsOf(db: Database, userId: string, tweetIds: string[]) {
  const rows = await db
    .select({ tweetId: engagements.tweetId, kind: engagements.kind })
    .from(engagements)
    .where(and(eq(engagements.userId, userId), inArray(engagements.tweetId, tweetIds)));
  return tweetIds.map((tweetId) => {
    const kinds = new Set(rows.filter((row) => row.tweetId === tweetId).map((row) => row.kind));
    return { tweetId, like: kinds.has("like"), retweet: kinds.has("retweet"), bookmark: kinds.has("bookmark") };
  });
}
