import type { BusOptions, EventBus } from "./bus";
import { createInProcessBus } from "./in-process-bus";
import { createRedisBus } from "./redis-bus";

export interface EventBusOptions extends BusOptions {
  /** REDIS_URL: set → Redis Pub/Sub shared by every process; unset → the in-process bus. */
  redisUrl?: string | undefined;
}

export async function createEventBus({ redisUrl, ...options }: EventBusOptions): Promise<EventBus> {
  return redisUrl ? createRedisBus({ ...options, url: redisUrl }) : createInProcessBus(options);
}
