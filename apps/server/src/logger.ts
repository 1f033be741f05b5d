import { createServiceLogger } from "@pulse/api";
import type { DestinationStream, Logger } from "pino";

/** The server's JSON logs (service, instance, redaction: see createServiceLogger). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return createServiceLogger("pulse-server", level, destination);
}
