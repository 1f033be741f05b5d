export { pruneSessions } from "./prune-sessions";
export { type PulseWorker, startWorker, type WorkerOptions } from "./worker";
