// What a lifecycle run cost, printed and kept in test-results/cluster-figures.json (one entry per
// profile), which docs/operations.md cites: throughput and CPU per case, per process kind.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { DriveStats } from './drive';

const FILE = resolve(__dirname, '../../test-results/cluster-figures.json');

export interface RunFigures {
  profile: string;
  cases: number;
  concurrency: number;
  seconds: number;
  casesPerMinute: number;
  writes: number;
  resent: number;
  statuses: Record<string, number>;
  cpuMsPerCase: Record<string, number>;
  cpuMsPerCaseTotal: number;
  loadAverage: number[];
  cores: number;
  notes: string[];
  at: string;
}

export function runFigures(profile: string, cases: number, concurrency: number, ms: number, stats: DriveStats, cpu: Record<string, number>, notes: string[]): RunFigures {
  const perCase = Object.fromEntries(Object.entries(cpu).map(([role, total]) => [role, Math.round(total / cases)]));
  return {
    profile,
    cases,
    concurrency,
    seconds: Math.round(ms / 100) / 10,
    casesPerMinute: Math.round((cases / (ms / 60_000)) * 10) / 10,
    writes: stats.writes,
    resent: stats.resent,
    statuses: Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
    cpuMsPerCase: perCase,
    cpuMsPerCaseTotal: Object.values(perCase).reduce((a, b) => a + b, 0),
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    cores: cpus().length,
    notes,
    at: new Date().toISOString(),
  };
}

export function describeFigures(f: RunFigures): string {
  return [
    `${f.profile}: ${f.cases} cases (${f.concurrency} at a time) in ${f.seconds} s = ${f.casesPerMinute} cases/min; ${f.writes} writes, ${f.resent} sent again; answers ${Object.entries(f.statuses).map(([s, n]) => `${n} × ${s}`).join(', ')}`,
    `  CPU per case: ${f.cpuMsPerCaseTotal} ms (${Object.entries(f.cpuMsPerCase).sort(([, a], [, b]) => b - a).map(([r, ms]) => `${r} ${ms}`).join(', ')}); load ${f.loadAverage.join(' ')} on ${f.cores} cores`,
    ...f.notes.map((n) => `  ${n}`),
  ].join('\n');
}

export function saveFigures(f: RunFigures): void {
  mkdirSync(join(FILE, '..'), { recursive: true });
  let all: Record<string, RunFigures> = {};
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, RunFigures>;
  } catch {
    // first run
  }
  all[f.profile] = f;
  writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
}
