import { sql, streamSequences, type Transaction } from "@pulse/db";

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
