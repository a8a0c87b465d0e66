// When `npm start` restarts a child that died (scripts/stack/supervisor.ts): after 0.5 s the first
// time, then after 2, 4, 8, 16 s; at most RESTART_LIMIT restarts of one child within
// RESTART_WINDOW_MS, after which the stack stops (a child that keeps dying needs a person).

export const RESTART_LIMIT = 5;
export const RESTART_WINDOW_MS = 5 * 60_000;

export type RestartDecision = { restart: true; delayMs: number; count: number } | { restart: false; count: number };

export class RestartPolicy {
  private readonly exits = new Map<string, number[]>();

  constructor(
    private readonly limit = RESTART_LIMIT,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** A child named `name` died at `now`: whether to start it again, after how long, and which restart within the window that is. */
  record(name: string, now: number): RestartDecision {
    const recent = (this.exits.get(name) ?? []).filter((at) => now - at < this.windowMs);
    recent.push(now);
    this.exits.set(name, recent);
    const count = recent.length;
    if (count > this.limit) return { restart: false, count };
    return { restart: true, delayMs: count === 1 ? 500 : 1000 * 2 ** (count - 1), count };
  }
}

/** How a child ended, for the operator: "code 1" or "signal SIGKILL". */
export function describeExit(how: { code: number | null; signal: NodeJS.Signals | null }): string {
  return how.signal ? `signal ${how.signal}` : `code ${how.code}`;
}
