export { BullmqJobQueue, type BullmqJobQueueOptions, createBullmqJobQueue } from "./bullmq-job-queue";
export { type CreateJobQueueOptions, createJobQueue } from "./create-job-queue";
export {
  backoffDelay,
  defaultRetryPolicy,
  feedFanoutJob,
  type JobName,
  type JobPayload,
  type JobRequest,
  jobNames,
  jobPayloads,
  matchComputeJob,
  parsePayload,
  queueNames,
  type RetryPolicy,
} from "./definitions";
export { createInProcessJobQueue, InProcessJobQueue, type InProcessJobQueueOptions } from "./in-process-job-queue";
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
export { withTimeout } from "./timeout";
