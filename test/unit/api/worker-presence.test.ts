// Whether a worker polls the task queue (the check before a change is sent, and /readyz).
import { POLLER_FRESH_MS, presenceOf } from '../../../client/temporal/worker-presence';
import { readinessOf } from '../../../client/http/probes';

const NOW = 1_000_000_000;

test('a poller counts when it began a poll within POLLER_FRESH_MS (an idle worker long-polls up to a minute)', () => {
  expect(presenceOf([NOW - 59_000], NOW)).toEqual({ temporal: 'ok', polling: true, pollers: 1, lastPollMsAgo: 59_000 });
  expect(presenceOf([NOW - POLLER_FRESH_MS - 1], NOW)).toEqual({ temporal: 'ok', polling: false, pollers: 1, lastPollMsAgo: POLLER_FRESH_MS + 1 });
  expect(presenceOf([], NOW)).toEqual({ temporal: 'ok', polling: false, pollers: 0 });
});

test('after a call no worker answered, only a poll begun after it counts (a dead worker never polls again)', () => {
  const sentAt = NOW - 3_000;
  expect(presenceOf([NOW - 10_000], NOW, sentAt).polling).toBe(false);
  expect(presenceOf([NOW - 10_000, NOW - 1_000], NOW, sentAt)).toEqual({ temporal: 'ok', polling: true, pollers: 2, lastPollMsAgo: 1_000 });
});

test('readiness: 200 only with Temporal reachable and a worker polling, each case said in Swedish', () => {
  expect(readinessOf({ temporal: 'ok', polling: true, pollers: 2, lastPollMsAgo: 1_400 })).toEqual({
    ready: true, temporal: 'ok', worker: 'polling', pollers: 2, lastPollSecondsAgo: 1, message: 'redo: Temporal svarar och en worker hämtar arbete',
  });
  expect(readinessOf({ temporal: 'ok', polling: false, pollers: 1, lastPollMsAgo: 80_000 })).toMatchObject({ ready: false, worker: 'none', message: expect.stringMatching(/^ingen worker svarar/) });
  expect(readinessOf({ temporal: 'unreachable', polling: false, error: '14 UNAVAILABLE: No connection established' })).toEqual({
    ready: false, temporal: 'unreachable', worker: 'none', message: 'Temporal svarar inte: 14 UNAVAILABLE: No connection established',
  });
});
