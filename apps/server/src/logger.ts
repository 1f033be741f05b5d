import { serializeError } from "@pulse/api";
import pino, { type DestinationStream, type Logger } from "pino";

/** JSON logs; secrets are redacted wherever they might appear in a logged object, and errors lose their SQL params. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "pulse-server" },
      serializers: { err: serializeError, error: serializeError },
      redact: {
        paths: [
          "password",
          "token",
          "*.password",
          "*.token",
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "headers.cookie",
          'res.headers["set-cookie"]',
          "input.password",
          "connectionParams.token",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
