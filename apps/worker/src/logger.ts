import { createServiceLogger } from "@pulse/api";
import type { Logger } from "pino";

/** The standalone worker's JSON logs (service, instance, redaction: see createServiceLogger). */
export function createWorkerLogger(level: string): Logger {
  return createServiceLogger("pulse-worker", level);
}
