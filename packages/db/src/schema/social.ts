import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { idColumn } from "./ids";
import { users } from "./users";

export const follows = pgTable(
  "follows",
  {
    followerId: uuid("follower_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    followeeId: uuid("followee_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  // (followee, follower): fan-out pages through a user's followers in id order straight from the index.
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index("follows_followee_idx").on(t.followeeId, t.followerId),
  ],
);

/** Replies are tweets with a parent; counters are kept in the same transaction as the rows they count. */
export const tweets = pgTable(
  "tweets",
  {
    id: idColumn(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    content: text("content").notNull(),
    replyToId: uuid("reply_to_id").references((): AnyPgColumn => tweets.id, { onDelete: "set null" }),
    /** Lower-case #topics without the hash. */
    topics: text("topics").array().notNull().default(sql`'{}'::text[]`),
    /** Ids of the users @mentioned (only those that exist). */
    mentionIds: uuid("mention_ids").array().notNull().default(sql`'{}'::uuid[]`),
    likeCount: integer("like_count").notNull().default(0),
    replyCount: integer("reply_count").notNull().default(0),
    retweetCount: integer("retweet_count").notNull().default(0),
    bookmarkCount: integer("bookmark_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The client's id for one submit: a retried or double-submitted create finds the first tweet by it. */
    requestId: uuid("request_id"),
    /**
     * Set when the author deleted it: the row stays as a tombstone (content and topics emptied) so replies keep
     * their place in the thread under a "deleted post" placeholder.
     */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("tweets_author_idx").on(t.authorId, t.id),
    // NULLs are distinct: tweets created without a request id never collide.
    uniqueIndex("tweets_author_request_uq").on(t.authorId, t.requestId),
    index("tweets_reply_to_idx").on(t.replyToId),
    index("tweets_topics_idx").using("gin", t.topics),
    index("tweets_created_idx").on(t.createdAt),
  ],
);

export const engagementKind = pgEnum("engagement_kind", ["like", "retweet", "bookmark"]);

export const engagements = pgTable(
  "engagements",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tweetId: uuid("tweet_id")
      .notNull()
      .references(() => tweets.id, { onDelete: "cascade" }),
    kind: engagementKind("kind").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  // One like / retweet / bookmark per user and tweet: makes the mutations idempotent.
  (t) => [
    primaryKey({ columns: [t.userId, t.tweetId, t.kind] }),
    index("engagements_tweet_idx").on(t.tweetId, t.kind),
    // Trending reads the engagements of the last two windows.
    index("engagements_created_idx").on(t.createdAt),
  ],
);
