export { pruneSessions } from "./prune-sessions";
export { type PulseWorker, startWorker, type WorkerJobsOptions, type WorkerOptions } from "./worker";
