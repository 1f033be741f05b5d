import type { Transaction } from "@pulse/db";
import type { Channel } from "@pulse/realtime";
import type { Context } from "../context";

/** A message waiting for its transaction's commit; typed by its channel when it was made. */
export interface Outgoing {
  readonly channelName: string;
  send(bus: Context["bus"]): Promise<void>;
}

export function outgoing<Message>(channel: Channel<Message>, message: Message): Outgoing {
  return { channelName: channel.name, send: (bus) => bus.publish(channel, message) };
}

/**
 * Publishes messages whose rows are committed, together (the publisher pipelines them into one write). A failed
 * publish loses nothing — subscribers resync from the database when the bus reconnects, or at the next event of the
 * same stream — so it is logged, never surfaced to the caller.
 */
export async function publishAll(ctx: Pick<Context, "bus" | "logger">, messages: readonly Outgoing[]): Promise<void> {
  await Promise.all(
    messages.map((message) =>
      message
        .send(ctx.bus)
        .catch((error: unknown) => ctx.logger.warn({ err: error, channel: message.channelName }, "publish failed")),
    ),
  );
}

export type Emit = <Message>(channel: Channel<Message>, message: Message) => void;

/**
 * Runs `work` in one transaction and publishes what it emitted only after the commit: a subscriber that hears the
 * bell always finds the rows.
 */
export async function transactAndPublish<Result>(
  ctx: Pick<Context, "db" | "bus" | "logger">,
  work: (tx: Transaction, emit: Emit) => Promise<Result>,
): Promise<Result> {
  const pending: Outgoing[] = [];
  const result = await ctx.db.transaction((tx) =>
    work(tx, (channel, message) => {
      pending.push(outgoing(channel, message));
    }),
  );
  await publishAll(ctx, pending);
  return result;
}
