import { hostname } from "node:os";
import pino, { type DestinationStream, type Logger } from "pino";
import { serializeError } from "./error-serializer";

/** Where secrets could appear in a logged object; censored wherever they are. */
const REDACTED_PATHS = [
  "password",
  "token",
  "*.password",
  "*.token",
  "*.passwordHash",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  'res.headers["set-cookie"]',
  "input.password",
  "connectionParams.token",
];

/**
 * JSON logs of one Pulse process. Every line names the service and the instance (host and pid), so lines from N
 * servers and M workers can be told apart in one stream; secrets are redacted wherever they appear and errors lose
 * their SQL parameters.
 */
export function createServiceLogger(
  service: "pulse-server" | "pulse-worker",
  level: string,
  destination?: DestinationStream,
): Logger {
  const host = hostname();
  return pino(
    {
      level,
      base: { service, instance: `${host}:${process.pid}`, pid: process.pid, hostname: host },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}
