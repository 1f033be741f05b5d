import { loadConfig } from "@pulse/config";
import { createDatabase } from "@pulse/db";
import { createBullmqJobQueue } from "@pulse/jobs";
import { createEventBus, type EventBus } from "@pulse/realtime";
import { retryPolicyFrom, startWorker, workerJobSettingsFrom } from "@pulse/worker-runtime";
import { createWorkerLogger } from "../logger";

/**
 * Tests only: a worker process like main.ts whose feed publishes misbehave, so that a test can SIGKILL it at a
 * precise point of a fan-out. `argv[2]`: `hang-feed-publish` (every feed publish hangs: the batch is committed,
 * its live events never leave) or `slow-feed-publish=<ms>` (each feed publish takes that long: a fan-out that lasts).
 */
const FEED_CHANNEL = /^pulse:user:.+:feed$/;

function faultyBus(bus: EventBus, fault: string): EventBus {
  const slowMs = fault.startsWith("slow-feed-publish=") ? Number(fault.split("=")[1]) : 0;
  const hang = fault === "hang-feed-publish";
  const publish: EventBus["publish"] = async (channel, message) => {
    if (FEED_CHANNEL.test(channel.name)) {
      if (hang) await new Promise<never>(() => {});
      if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    }
    await bus.publish(channel, message);
  };
  // Everything but publish goes to the real bus, bound to it.
  return new Proxy(bus, {
    get(target, property) {
      if (property === "publish") return publish;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const config = loadConfig();
const logger = createWorkerLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL || !config.REDIS_URL) throw new Error("the fault worker needs DATABASE_URL and REDIS_URL");
const database = createDatabase({ driver: "postgres", url: config.DATABASE_URL });
const bus = await createEventBus({
  redisUrl: config.REDIS_URL,
  onError: (error) => logger.warn({ err: error }, "bus"),
});
const queue = createBullmqJobQueue({ redisUrl: config.REDIS_URL, logger, retry: retryPolicyFrom(config) });
await startWorker({
  db: database.db,
  logger,
  jobs: { queue, bus: faultyBus(bus, process.argv[2] ?? ""), ...workerJobSettingsFrom(config) },
});
logger.info({ fault: process.argv[2] }, "worker started");
