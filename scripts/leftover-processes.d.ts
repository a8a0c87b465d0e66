// Types for scripts/leftover-processes.js (plain JavaScript: scripts/test.js runs it before any
// TypeScript tooling is installed).
export interface MarkedProcess {
  pid: number;
  command: string;
}
export const MARK_VARIABLE: 'ARENDE_TEST_RUN';
/** undefined where processes cannot be listed (no /proc). */
export function markedProcesses(mark: string): MarkedProcess[] | undefined;
export function reapLeftovers(mark: string, settleMs?: number): Promise<MarkedProcess[] | undefined>;
