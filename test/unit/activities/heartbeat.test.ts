// How often a delivery heartbeats, and that outside an activity the work simply runs.
import { heartbeatIntervalMs, withHeartbeats } from '../../../activities/heartbeat';

test('a few heartbeats per heartbeat timeout, between 0.2 and 5 s', () => {
  expect(heartbeatIntervalMs(5_000)).toBe(1_000); // workflows/deliveries.ts
  expect(heartbeatIntervalMs(10_000)).toBe(2_000);
  expect(heartbeatIntervalMs(2_000)).toBe(400);
  expect(heartbeatIntervalMs(500)).toBe(200);
  expect(heartbeatIntervalMs(60_000)).toBe(5_000);
  expect(heartbeatIntervalMs(undefined)).toBe(5_000);
});

test('outside an activity: no signal, no heartbeat, the result passes through', async () => {
  await expect(withHeartbeats(async (signal) => ({ signal }))).resolves.toEqual({ signal: undefined });
  await expect(withHeartbeats(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
});
