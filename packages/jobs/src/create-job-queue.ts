import { createBullmqJobQueue } from "./bullmq-job-queue";
import type { RetryPolicy } from "./definitions";
import { createInProcessJobQueue } from "./in-process-job-queue";
import type { JobLogger, JobQueue } from "./job-queue";

export interface CreateJobQueueOptions {
  /** Set → BullMQ on this Redis (distributed mode); unset → the in-process runner (embedded mode). */
  redisUrl?: string | undefined;
  prefix?: string;
  retry?: RetryPolicy;
  logger?: JobLogger;
}

export function createJobQueue({ redisUrl, prefix, ...options }: CreateJobQueueOptions): JobQueue {
  return redisUrl
    ? createBullmqJobQueue({ ...options, redisUrl, ...(prefix ? { prefix } : {}) })
    : createInProcessJobQueue(options);
}
