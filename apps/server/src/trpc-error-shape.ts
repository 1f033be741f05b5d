import { appRouter } from "@pulse/api";
import { getTRPCErrorShape, type TRPCError } from "@trpc/server";

/** An error the transport refuses before tRPC runs, in tRPC's wire shape (through the router's error formatter). */
export function trpcErrorShape(error: TRPCError) {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
}
