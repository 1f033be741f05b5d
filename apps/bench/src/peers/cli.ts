import { parseArgs } from "node:util";

/** `--redis <url>` of a peer server; it always listens on 127.0.0.1 and a free port. */
export function peerArgs(): { redisUrl: string } {
  const { values } = parseArgs({ options: { redis: { type: "string" } }, strict: true });
  if (!values.redis) throw new Error("usage: <peer> --redis redis://127.0.0.1:<port>");
  return { redisUrl: values.redis };
}

/** The line the bench waits for (stderr): `peer listening on http://127.0.0.1:<port>`. */
export function announce(port: number): void {
  process.stderr.write(`peer listening on http://127.0.0.1:${port}\n`);
}

/** Exits on SIGTERM / SIGINT after `close`, or at once if it takes longer than a second. */
export function exitOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    setTimeout(() => process.exit(0), 1_000).unref();
    void close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
