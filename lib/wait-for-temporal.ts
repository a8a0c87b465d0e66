// Start-up of the worker and the HTTP server: Temporal may not be up yet (it starts beside them, or
// is restarting), so they connect with backoff and say so on every attempt instead of exiting at
// once; a SIGINT/SIGTERM while they wait (or anywhere before they serve) stops them cleanly.
import { setTimeout as sleep } from 'node:timers/promises';

/** The wait for Temporal ended by a stop signal: the process exits 0, having served nothing. */
export class StoppedWhileStarting extends Error {
  override name = 'StoppedWhileStarting';
  constructor() {
    super('stopped before start-up finished');
  }
}

/** Seconds before attempt `attempt + 1`: 1, 2, 4, 8, then every 10 s. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 10_000);
}

/** The operator's line for a failed attempt: where, which attempt, when the next one is, and why. */
export function waitingLine(address: string, attempt: number, nextMs: number, err: unknown): string {
  const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
  return `waiting for Temporal at ${address} (attempt ${attempt}, next in ${Math.round(nextMs / 1000)} s): ${reason}`;
}

export interface WaitOptions {
  /** Shown in every line. */
  address: string;
  /** Aborted by a stop signal: the wait ends with StoppedWhileStarting. */
  signal?: AbortSignal;
  say?: (line: string) => void;
  /** For tests: the pause before the next attempt. */
  delayMs?: (attempt: number) => number;
}

/** Calls `connect` until it succeeds, pausing with backoff between attempts; every failed attempt says so. */
export async function waitForTemporal<T>(connect: () => Promise<T>, options: WaitOptions): Promise<T> {
  const { signal, say = (line) => console.log(line), delayMs = backoffMs } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new StoppedWhileStarting();
    try {
      return await abortable(connect(), signal);
    } catch (err) {
      if (err instanceof StoppedWhileStarting || signal?.aborted) throw new StoppedWhileStarting();
      const next = delayMs(attempt);
      say(waitingLine(options.address, attempt, next, err));
      await sleep(next, undefined, signal ? { signal } : {}).catch(() => {
        throw new StoppedWhileStarting();
      });
    }
  }
}

/** `promise`, or StoppedWhileStarting as soon as `signal` aborts (a connect attempt may take seconds). */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new StoppedWhileStarting());
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(err);
      },
    );
  });
}

/**
 * SIGINT/SIGTERM during start-up: aborts `signal` (ending a wait), and calls `onStop` (e.g. close what
 * is open and exit). `release()` hands the signals back once the process serves (the worker's SDK,
 * the server's own stop handler take them then).
 */
export function stopDuringStartup(onStop: () => void = () => undefined): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const handler = () => {
    controller.abort();
    onStop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
