export * from './run-worker.js';
export type { Lazy, RunWorkerOptions, WorkableSearch, WorkerData, WorkerHandle, WorkerReport, WorkerStopReason, WorkerTrialEvent, WorkRequest } from './worker-options.js';
