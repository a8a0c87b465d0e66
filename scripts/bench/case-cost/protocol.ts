// What the case-cost benchmark (main.ts) and its worker child processes (worker.ts) say to each
// other over the IPC channel of child_process.fork.

export type Tree = 'project' | 'bare';

export interface WorkflowTaskStats {
  /** Workflow tasks completed (the SDK's workflow_task_execution_latency samples). */
  count: number;
  maxMs: number;
  over5s: number;
  failed: number;
}

export interface WorkerStats {
  /** Workflows in the worker's sticky cache (Worker.getStatus().numCachedWorkflows). */
  cached: number;
  inFlightActivations: number;
  inFlightActivities: number;
  /** V8 heap in use of the worker's main thread and of each workflow thread, in bytes (after a full GC when asked); only when asked. */
  heapMain: number;
  heapThreads: number[];
  rss: number;
  workflowTasks: WorkflowTaskStats;
}

/** `heap`: read the heaps too (attaches the inspector to the workflow threads for a moment); `gc`: a full GC first. */
export type ToWorker = { type: 'stats'; id: number; heap: boolean; gc: boolean };

export type FromWorker =
  | { type: 'ready'; maxCachedWorkflows: number }
  | { type: 'stats'; id: number; stats: WorkerStats }
  | { type: 'failed'; error: string };
