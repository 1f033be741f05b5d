import { serializeError } from "@pulse/api";
import pino, { type Logger } from "pino";

/** JSON logs of the standalone worker; errors lose their SQL params (a failed job's query must not log its values). */
export function createWorkerLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "pulse-worker" },
    serializers: { err: serializeError, error: serializeError },
  });
}
