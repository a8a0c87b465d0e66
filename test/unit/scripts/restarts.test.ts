// npm start's restart policy: backoff, at most 5 restarts of a child within 5 minutes.
import { RESTART_LIMIT, RESTART_WINDOW_MS, RestartPolicy, describeExit } from '../../../scripts/stack/restarts';

test('restarts with growing pauses, at most RESTART_LIMIT times within the window, counted per child', () => {
  const policy = new RestartPolicy();
  const decisions = Array.from({ length: RESTART_LIMIT + 1 }, (_, i) => policy.record('worker', 1_000 * i));
  expect(decisions).toEqual([
    { restart: true, delayMs: 500, count: 1 },
    { restart: true, delayMs: 2000, count: 2 },
    { restart: true, delayMs: 4000, count: 3 },
    { restart: true, delayMs: 8000, count: 4 },
    { restart: true, delayMs: 16_000, count: 5 },
    { restart: false, count: 6 },
  ]);
  // Another child has its own count.
  expect(policy.record('http', 6_000)).toEqual({ restart: true, delayMs: 500, count: 1 });
});

test('exits older than the window no longer count', () => {
  const policy = new RestartPolicy();
  for (let i = 0; i < RESTART_LIMIT; i++) policy.record('worker', i);
  expect(policy.record('worker', RESTART_WINDOW_MS + 10)).toEqual({ restart: true, delayMs: 500, count: 1 });
});

test('how a child ended, in words', () => {
  expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('signal SIGKILL');
  expect(describeExit({ code: 1, signal: null })).toBe('code 1');
});
