// How many deliveries a worker runs at once: what one crash of it can send twice (docs/delivery.md).
import { WorkerEnvironment, readEnvironment } from '../../../config/environment';

test('10 by default; ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES overrides it; 0 or a word is refused naming the variable', () => {
  expect(readEnvironment(WorkerEnvironment, {}).ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES).toBe(10);
  expect(readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES: '5' }).ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES).toBe(5);
  expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES: '0' })).toThrow(/ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES.*at least 1/);
  expect(() => readEnvironment(WorkerEnvironment, { ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(/ARENDE_WORKER_MAX_CONCURRENT_ACTIVITIES/);
});
