import { reconnectDelay } from "@pulse/redis-retry";
import type { Redis, RedisOptions } from "ioredis";

/** PUBLISH runs in request paths: it must fail at once while Redis is away, never queue or wait. */
export function publisherOptions(commandTimeoutMs: number): RedisOptions {
  return {
    connectionName: "pulse-realtime-publisher",
    lazyConnect: true,
    // PUBLISHes issued in the same tick (one write's bells, many concurrent requests) go out in one socket write.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    // 0: a PUBLISH in flight when the connection drops is rejected at once instead of re-sent after a reconnect.
    maxRetriesPerRequest: 0,
    // A half-open socket gives no error; the timeout turns it into a rejection.
    commandTimeout: commandTimeoutMs,
    retryStrategy: reconnectDelay,
  };
}

/**
 * The subscriber outlives outages: SUBSCRIBE/UNSUBSCRIBE wait for the reconnect (the bus's record of which
 * channels Redis holds must follow acknowledgements, never guesses) and ioredis re-subscribes on reconnect.
 */
export function subscriberOptions(): RedisOptions {
  return {
    connectionName: "pulse-realtime-subscriber",
    lazyConnect: true,
    autoResubscribe: true,
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
  };
}

/** QUIT when the connection can still say goodbye, then drop the socket whatever happened: never hangs. */
export async function closeConnection(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([client.quit().catch(() => {}), timeout]);
    clearTimeout(timer);
  }
  // Also stops a pending reconnect timer when Redis is already gone.
  if (client.status !== "end") client.disconnect();
}

/** ioredis emits no "error" when a server simply goes away; the loss of a working connection is worth a report. */
export function reportConnectionLoss(client: Redis, role: string, report: (error: Error) => void): void {
  let ready = false;
  client.on("ready", () => {
    ready = true;
  });
  client.on("close", () => {
    if (ready) report(new Error(`Redis ${role} connection lost; reconnecting`));
    ready = false;
  });
}
