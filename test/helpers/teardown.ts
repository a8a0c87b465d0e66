// Every server, worker and browser a test starts is registered here before anything is awaited, so
// it is stopped when its test file ends whatever happened: a `beforeAll` that timed out while a dev
// server was still starting never got the handle its `afterAll` would stop, but this list did.
// The test environment (test/helpers/jest-environment.js) calls `stopEverything()` after the file's
// own afterAll hooks; a stop that already ran (the test stopped it itself) does nothing the second time.

/**
 * A beforeAll that starts servers (a dev server, a worker that bundles the workflows, a browser) has
 * this long: a few seconds when idle, but well past jest's default 60 s on a loaded 2-core machine.
 */
export const STACK_START_TIMEOUT_MS = 240_000;
/** An afterAll that stops them. */
export const STACK_STOP_TIMEOUT_MS = 90_000;

interface Registered {
  name: string;
  stop: () => Promise<void>;
}

const registered: Registered[] = [];

/** Seconds a stop may take before the next one runs anyway (a stuck stop must not keep the others alive). */
const STOP_GRACE_MS = 30_000;

/** `stop`, made idempotent and registered; returns it for the caller's own afterAll. */
export function stopWhenDone(name: string, stop: () => Promise<void>): () => Promise<void> {
  let stopped: Promise<void> | undefined;
  const once = () => (stopped ??= stop());
  registered.push({ name, stop: once });
  return once;
}

/**
 * A resource that is still starting: registered now, stopped (once it has started, or not at all if
 * its start failed) when the file ends. Returns the started resource and its idempotent stop.
 */
export function startedOrStopped<T>(name: string, starting: Promise<T>, stop: (resource: T) => Promise<void>): { resource: Promise<T>; stop: () => Promise<void> } {
  const stopIt = stopWhenDone(name, async () => {
    const resource = await starting.catch(() => undefined);
    if (resource !== undefined) await stop(resource);
  });
  return { resource: starting, stop: stopIt };
}

/** Stops everything registered and not yet stopped, the last started first. */
export async function stopEverything(): Promise<string[]> {
  const failures: string[] = [];
  while (registered.length) {
    const { name, stop } = registered.pop()!;
    const grace = new Promise<'stuck'>((done) => setTimeout(() => done('stuck'), STOP_GRACE_MS).unref());
    try {
      if ((await Promise.race([stop(), grace])) === 'stuck') failures.push(`${name}: did not stop within ${STOP_GRACE_MS / 1000} s`);
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures;
}

// The test environment finds it here (it runs outside the test file's module registry).
(globalThis as { __arendeStopEverything?: () => Promise<string[]> }).__arendeStopEverything = stopEverything;
