export { pruneSessions } from "./prune-sessions";
export { retryPolicyFrom, workerJobSettingsFrom } from "./settings";
export { type PulseWorker, startWorker, type WorkerJobsOptions, type WorkerOptions } from "./worker";
