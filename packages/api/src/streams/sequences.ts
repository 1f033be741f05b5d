import { and, builtOncePerDatabase, type Database, eq, sql, streamSequences, type Transaction } from "@pulse/db";
import { sharedReadPerDatabase } from "./shared-read";

/** A per-user numbered stream: notifications, feed, match results. */
export type Stream = (typeof streamSequences.$inferInsert)["stream"];

/**
 * The next per-user sequence number of a stream. The row lock taken by the upsert serializes writers of the same
 * stream until commit, and a rollback rolls the increment back: committed numbers come out in commit order.
 */
export async function nextSequence(tx: Transaction, userId: string, stream: Stream): Promise<number> {
  const [row] = await tx
    .insert(streamSequences)
    .values({ userId, stream, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [streamSequences.userId, streamSequences.stream],
      set: { lastSeq: sql`${streamSequences.lastSeq} + 1` },
    })
    .returning({ seq: streamSequences.lastSeq });
  if (!row) throw new Error("sequence upsert returned no row");
  return row.seq;
}

/** Built once per database: every subscription start reads its stream's head, and query building was a hot spot. */
const latestQuery = builtOncePerDatabase((db) =>
  db
    .select({ lastSeq: streamSequences.lastSeq })
    .from(streamSequences)
    .where(
      and(eq(streamSequences.userId, sql.placeholder("userId")), eq(streamSequences.stream, sql.placeholder("stream"))),
    )
    .prepare("pulse_latest_sequence"),
);

/** The last committed number of a user's stream (0 before its first event): where a subscription starts live. */
export async function latestSequence(db: Database, userId: string, stream: Stream): Promise<number> {
  const [row] = await latestQuery(db).execute({ userId, stream });
  return row?.lastSeq ?? 0;
}

/** As latestSequence, one read for the subscriptions of a stream this instance starts together (a user's tabs). */
export const sharedLatestSequence = sharedReadPerDatabase(latestSequence);
