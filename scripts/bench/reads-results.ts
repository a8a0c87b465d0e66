// The reads benchmark's result file (bench-results/reads.json), shared by reads.ts and reads-chart.ts.
export interface Latency {
  label: string;
  path: string;
  runs: number;
  median: number;
  p95: number;
  max: number;
  bytes: number;
  /** The HTTP server's CPU per request (ms). */
  serverCpuMs: number;
  /** The status it answered instead of 200 (then no samples). */
  error?: string;
}

export interface SizeResult {
  openCases: number;
  realCases: number;
  /** Cases loaded directly into the read model (fixtures, not real workflows). */
  loadedCases: number;
  tracks: number;
  waitingTracks: number;
  loadSeconds?: number;
  requests: Record<string, Latency>;
  lag: { events: number; median: number; p95: number; max: number };
  idleCpuPercent: number;
  httpServerRssMiB: number;
}

export interface ReadsResult {
  kind: 'reads';
  date: string;
  machine: { node: string; nproc: number; memMiB: number; loadavg: number[] };
  store: string;
  warmUp: number;
  setup: { reused: boolean; registerSeconds?: number; setupLatencies: Record<string, { median: number; p95: number; max: number }> };
  devServerRssMiB?: number;
  benchRssMiB: number;
  sizes: SizeResult[];
}
