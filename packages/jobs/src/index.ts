export { BullmqJobQueue, type BullmqJobQueueOptions, createBullmqJobQueue } from "./bullmq-job-queue";
export { type CreateJobQueueOptions, createJobQueue } from "./create-job-queue";
export {
  backoffDelay,
  defaultRetryPolicy,
  deliveryId,
  feedFanoutJob,
  type JobName,
  type JobPayload,
  type JobRequest,
  jobNames,
  jobPayloads,
  matchComputeJob,
  parseDeliveryId,
  parsePayload,
  queueNames,
  type RetryPolicy,
} from "./definitions";
export { createInProcessJobQueue, InProcessJobQueue, type InProcessJobQueueOptions } from "./in-process-job-queue";
export { outboxBacklog, timedProcessors } from "./job-metrics";
export {
  type JobContext,
  type JobLogger,
  type JobQueue,
  JobQueueClosedError,
  JobQueueUnavailableError,
  type JobWorkers,
  type Processor,
  type Processors,
  type WorkOptions,
} from "./job-queue";
export {
  type OutboxSweep,
  type OutboxSweepOptions,
  pruneOutbox,
  type RelayOptions,
  relayAllPending,
  relayOutbox,
  requeueOutboxSince,
  startOutboxSweep,
  writeOutbox,
} from "./outbox";
export { completingOutboxRows, markOutboxCompleted } from "./outbox-completion";
export {
  DEFAULT_MAX_DELIVERIES,
  type RedeliveryOptions,
  redeliverAllLost,
  redeliverOutbox,
} from "./outbox-redelivery";
export { withTimeout } from "./timeout";
