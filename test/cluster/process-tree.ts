// The processes of a stack started by a test (a supervisor and everything below it), read from
// /proc: which process is which (by its command line and environment), and the CPU time each
// used. A sampler keeps the last value seen per pid, so a process killed mid-run still counts.
import { readFileSync, readdirSync } from 'node:fs';
import { cpuMsOf } from '../../scripts/bench/processes';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
  env: string[];
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    let env: string[] = [];
    try {
      env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      // not ours to read
    }
    return { pid, ppid, command, env };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every process below `root` (itself included). */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => read(Number(d))).filter((p): p is ProcessInfo => p !== undefined);
  const byParent = new Map<number, ProcessInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const tree: ProcessInfo[] = [];
  const self = all.find((p) => p.pid === root);
  const queue = self ? [self] : [];
  while (queue.length) {
    const p = queue.shift()!;
    tree.push(p);
    queue.push(...(byParent.get(p.pid) ?? []));
  }
  return tree;
}

/** What a process of the stack is, for the CPU table. */
export function roleOf(p: ProcessInfo): string {
  const c = p.command;
  if (/temporal-server/.test(c)) return 'Temporal server';
  if (/temporal(\s|$).*server start-dev/.test(c)) return 'Temporal dev server';
  if (/postgres/.test(c) && !/node/.test(c)) return 'PostgreSQL';
  if (/haproxy/.test(c)) return 'HAProxy';
  if (/worker\/main\.(js|ts)/.test(c)) return 'workers';
  if (/client\/http\/server\.(js|ts)/.test(c)) return 'HTTP servers';
  if (/smtp-catcher/.test(c)) return 'SMTP catcher';
  return 'supervisor and tools';
}

/** The one process of `root`'s tree whose command matches and whose environment has `envEntry`. */
export function findProcess(root: number, command: RegExp, envEntry: string): ProcessInfo | undefined {
  return processTree(root).find((p) => command.test(p.command) && p.env.includes(envEntry));
}

export class CpuSampler {
  private readonly last = new Map<number, { role: string; ms: number; first: number }>();
  private timer?: NodeJS.Timeout;
  /** After the first sample, a new pid is a process started during the run: it counts from 0. */
  private baseline = false;

  constructor(private readonly root: number) {}

  sample(): void {
    for (const p of processTree(this.root)) {
      try {
        const ms = cpuMsOf(p.pid);
        const seen = this.last.get(p.pid);
        this.last.set(p.pid, { role: roleOf(p), ms, first: seen?.first ?? (this.baseline ? 0 : ms) });
      } catch {
        // gone between listing and reading
      }
    }
    this.baseline = true;
  }

  start(intervalMs = 1_000): void {
    this.last.clear();
    this.baseline = false;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** CPU ms used since start(), per role (a process started meanwhile counts from 0). */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    const byRole: Record<string, number> = {};
    for (const { role, ms, first } of this.last.values()) byRole[role] = (byRole[role] ?? 0) + (ms - first);
    return byRole;
  }
}
