import { relayOutbox } from "@pulse/jobs";
import type { Context } from "../context";

/**
 * The fast path of the outbox: right after the commit, hands the jobs the transaction wrote to the queue. A failure
 * (Redis away) is only logged: the rows stay pending and the workers' sweep enqueues them within a second or so.
 */
export async function relayAfterCommit(ctx: Pick<Context, "db" | "jobs" | "logger">, jobIds: string[]) {
  await relayOutbox(ctx.db, ctx.jobs, { jobIds, logger: ctx.logger }).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, "outbox relay failed; the sweep will retry"),
  );
}
