// The worker's and HTTP server's wait for Temporal: backoff, a line per attempt, a stop ends it.
import { StoppedWhileStarting, backoffMs, waitForTemporal, waitingLine } from '../../../lib/wait-for-temporal';

test('the pause grows 1, 2, 4, 8 s, then stays at 10 s', () => {
  expect([1, 2, 3, 4, 5, 6, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
});

test('each failed attempt is one line: where, which attempt, the next pause and the first line of the reason', () => {
  expect(waitingLine('127.0.0.1:7233', 3, 4000, new Error('connect ECONNREFUSED 127.0.0.1:7233\nstack'))).toBe(
    'waiting for Temporal at 127.0.0.1:7233 (attempt 3, next in 4 s): connect ECONNREFUSED 127.0.0.1:7233',
  );
});

test('connects after failed attempts, saying so for each', async () => {
  const lines: string[] = [];
  let calls = 0;
  const connection = await waitForTemporal(
    async () => {
      calls++;
      if (calls < 3) throw new Error('Connection refused');
      return 'connected';
    },
    { address: 'temporal:7233', say: (l) => lines.push(l), delayMs: () => 1 },
  );
  expect(connection).toBe('connected');
  expect(lines).toEqual([
    'waiting for Temporal at temporal:7233 (attempt 1, next in 0 s): Connection refused',
    'waiting for Temporal at temporal:7233 (attempt 2, next in 0 s): Connection refused',
  ]);
});

test('a stop ends the wait, during a pause or an attempt that hangs', async () => {
  const duringPause = new AbortController();
  const pausing = waitForTemporal(() => Promise.reject(new Error('down')), { address: 'x', signal: duringPause.signal, say: () => undefined, delayMs: () => 60_000 });
  setTimeout(() => duringPause.abort(), 20);
  await expect(pausing).rejects.toBeInstanceOf(StoppedWhileStarting);

  const duringAttempt = new AbortController();
  const hanging = waitForTemporal(() => new Promise<never>(() => undefined), { address: 'x', signal: duringAttempt.signal, say: () => undefined });
  setTimeout(() => duringAttempt.abort(), 20);
  await expect(hanging).rejects.toBeInstanceOf(StoppedWhileStarting);
});
