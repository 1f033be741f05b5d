export { type DependencyChecks, dependencyChecks } from "./dependency-checks";
export {
  type CheckReport,
  createDependencyMonitor,
  type DependencyCheck,
  type DependencyMonitor,
  type DependencyMonitorOptions,
  describeFailure,
  type Readiness,
} from "./dependency-monitor";
export { pruneSessions } from "./prune-sessions";
export { retryPolicyFrom, workerJobSettingsFrom } from "./settings";
export { type PulseWorker, startWorker, type WorkerJobsOptions, type WorkerOptions } from "./worker";
