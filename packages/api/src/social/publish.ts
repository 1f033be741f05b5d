import type { Transaction } from "@pulse/db";
import type { Context } from "../context";

export type Emit = (channel: string, message: unknown) => void;

/**
 * Runs `work` in one transaction and publishes what it emitted only after the commit: a subscriber that hears the
 * bell always finds the rows. A failed publish loses nothing — subscribers resync from the database when the bus
 * reconnects, or at the next event of the same stream — so it is logged, never surfaced to the caller.
 */
export async function transactAndPublish<Result>(
  ctx: Pick<Context, "db" | "bus" | "logger">,
  work: (tx: Transaction, emit: Emit) => Promise<Result>,
): Promise<Result> {
  const outgoing: Array<[string, unknown]> = [];
  const result = await ctx.db.transaction((tx) => work(tx, (channel, message) => outgoing.push([channel, message])));
  await Promise.all(
    outgoing.map(([channel, message]) =>
      ctx.bus
        .publish(channel, message)
        .catch((error: unknown) => ctx.logger.warn({ err: error, channel }, "publish failed")),
    ),
  );
  return result;
}
