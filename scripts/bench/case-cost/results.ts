// The result file of the case-cost benchmark (bench-results/latest.json), read back by chart.ts.

export interface TreeResult {
  /** Worker + dev server CPU per case driven to laga kraft (ms, from /proc). */
  cpuMsPerCase: number;
  workerCpuMsPerCase: number;
  serverCpuMsPerCase: number;
  /** This process (the client side) per case, for reference: not in cpuMsPerCase. */
  driverCpuMsPerCase: number;
  wallMsPerCase: number;
  /** V8 heap of the worker process (main thread + workflow threads, after a full GC) per cached workflow. */
  heapBytesPerCachedWorkflow: number;
  heapSteps: { cached: number; heapBytes: number; rssBytes: number }[];
  rssBytesPerCachedWorkflow: number;
  workerRssMiB: number;
  workerPeakRssMiB: number;
  refusedEvents: number;
  refusals: string[];
  incompleteCases: number;
  historyEventsCase: number;
  historyEventsCaseMax: number;
  historyEventsTrack: number;
  historyEventsExpediering: number;
  historyBytesCase: number;
  historyBytesTrack: number;
  eventsByType: { case: Record<string, number>; track: Record<string, number>; expediering: Record<string, number> };
  workflowTasks: { count: number; maxMs: number; over5s: number; failed: number };
  maxCachedWorkflows: number;
}

export interface CaseCostResult {
  kind: 'case-cost';
  date: string;
  commit: string;
  cases: number;
  projectCpuMsPerCase: number;
  bareCpuMsPerCase: number;
  cpuRatio: number;
  heapBytesPerCachedWorkflow: { project: number; bare: number };
  heapRatio: number;
  workerRssMiB: { project: number; bare: number };
  refusedEvents: number;
  historyEventsCase: number;
  historyEventsTrack: number;
  loadAverage: { start: number[]; end: number[]; meanOneMinute: number; maxOneMinute: number };
  /** Older runs only: when recordEvent looked a track up with DescribeWorkflowExecution before each party event. */
  describeCpuMsPerCase?: number;
  machine: { nproc: number; memoryGiB: number; cpu: string; node: string; temporal: string };
  settings: { concurrency: number; batch: number; warmUp: number; heapCases: number; cache: string };
  durationSeconds: number;
  project: TreeResult;
  bare: TreeResult;
  targets: { name: string; target: string; value: string; met: boolean }[];
}

export interface OpenCasesResult {
  kind: 'open-cases';
  date: string;
  commit: string;
  openCases: number;
  openWorkflows: number;
  setupSeconds: number;
  casesPerSecond: number;
  maxCachedWorkflows: number;
  cachedWorkflows: number;
  workerRssMiB: number;
  workerPeakRssMiB: number;
  workerHeapMiB: number;
  devServerRssMiB: number;
  workflowTasks: { count: number; maxMs: number; over5s: number; failed: number };
  refusedEvents: number;
  refusals: string[];
  loadAverage: { start: number[]; end: number[] };
  /** The worker and dev server once a minute while the cases were opened. */
  /** One a minute; `workerHeapMiB`: the workflow thread's and main thread's V8 heap after a full GC (what RSS holds beyond it is native: the SDK core's cache, allocator). */
  samples: { seconds: number; openCases: number; workerRssMiB: number; workerHeapMiB: number; cached: number; longestTaskMs: number; serverRssMiB: number; load: number }[];
  machine: CaseCostResult['machine'];
  targets: CaseCostResult['targets'];
}
