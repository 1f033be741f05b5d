import pino, { type Logger } from "pino";

/** JSON logs; secrets are redacted wherever they might appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "pulse-server" },
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
  });
}
