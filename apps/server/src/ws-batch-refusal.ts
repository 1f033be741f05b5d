import { TRPCError } from "@trpc/server";
import { trpcErrorShape } from "./trpc-error-shape";

/**
 * The answers to a tRPC batch frame with more than `maxBatchSize` calls, none of which runs: the same BAD_REQUEST
 * error, shaped by the router's error formatter as tRPC shapes its own, once for each call id, since @trpc/client
 * settles a pending call only on a response carrying its id (it ignores `id: null`). A batch without any usable id
 * gets one `id: null` answer, as tRPC answers a frame it cannot parse. The guard charges every call of the frame
 * to the message rate before this runs, so the answers stay within the socket's burst.
 */
export function batchRefusalFrames(calls: readonly unknown[], maxBatchSize: number): string[] {
  const error = new TRPCError({
    code: "BAD_REQUEST",
    message: `Batch of ${calls.length} calls refused: at most ${maxBatchSize} per frame; none ran`,
  });
  const shape = trpcErrorShape(error);
  const ids = new Set<string | number>();
  for (const call of calls) {
    const id = typeof call === "object" && call !== null && "id" in call ? call.id : undefined;
    if (typeof id === "string" || typeof id === "number") ids.add(id);
  }
  if (ids.size === 0) return [JSON.stringify({ id: null, error: shape })];
  return [...ids].map((id) => JSON.stringify({ id, error: shape }));
}
