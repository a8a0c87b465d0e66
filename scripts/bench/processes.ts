// What the benchmarks read about the processes they start: the children of this process (to find
// the dev server, and to check none is left behind) and a process's CPU time, from /proc and ps.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU fields. */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The processes whose parent is this one (ps itself left out). */
export function childProcesses(): { pid: number; rssKiB: number; command: string }[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,rss=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when no process matches.
  }
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, rss, command] = line.trim().split(/\s+/);
      return { pid: Number(pid), rssKiB: Number(rss), command: command ?? '' };
    })
    .filter((p) => p.command !== 'ps');
}

/** CPU time (user + system, every thread) a process has used, in ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
