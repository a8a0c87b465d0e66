// The delivery activity reports a temporary failure into the read model before Temporal retries it
// (activities/index.ts), and never lets that report change the attempt's own outcome.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../../activities';
import type { DeliveryAttemptRow } from '../../../domain/delivery-attempts';
import { notificationOf } from '../../helpers/notifications';

const refused = () => ApplicationFailure.retryable('tillfälligt fel vid sändning: connect ECONNREFUSED 127.0.0.1:2525', 'SmtpTemporary:ESOCKET', { code: 'ESOCKET', detail: 'connect ECONNREFUSED 127.0.0.1:2525' });
const info = { attempt: 3, workflowExecution: { workflowId: 'arende:RS-62-2026:_expediering', runId: 'r' }, scheduleToCloseTimeoutMs: 86_400_000, retryPolicy: { initialInterval: 10_000, backoffCoefficient: 2 } };

test('a temporary failure is recorded with its attempt and words, then thrown as it was', async () => {
  const recorded: Omit<DeliveryAttemptRow, 'recordAttempts'>[] = [];
  const failure = refused();
  const activities = createActivities({ deliver: async () => { throw failure; }, recordFailedAttempt: async (row) => { recorded.push(row); } });
  await expect(new MockActivityEnvironment(info).run(activities.deliverNotification, notificationOf('protokollsutdrag'))).rejects.toBe(failure);
  expect(recorded).toEqual([expect.objectContaining({ workflowId: 'arende:RS-62-2026', attempt: 3, errorCode: 'ECONNREFUSED', error: 'anslutningen nekades (ECONNREFUSED)', kind: 'protokollsutdrag' })]);
});

test('a store that fails or hangs does not change the outcome; a permanent failure or a success records nothing', async () => {
  const failure = refused();
  const failing = createActivities({ deliver: async () => { throw failure; }, recordFailedAttempt: async () => { throw new Error('database is locked'); } });
  await expect(new MockActivityEnvironment(info).run(failing.deliverNotification, notificationOf('begaran'))).rejects.toBe(failure);
  const hanging = createActivities({ deliver: async () => { throw failure; }, recordFailedAttempt: () => new Promise(() => undefined) });
  await expect(new MockActivityEnvironment(info).run(hanging.deliverNotification, notificationOf('begaran'))).rejects.toBe(failure);

  const recorded: unknown[] = [];
  const record = async (row: unknown) => { recorded.push(row); };
  const permanent = ApplicationFailure.nonRetryable('ogiltig', 'Invalid');
  const nonRetryable = createActivities({ deliver: async () => { throw permanent; }, recordFailedAttempt: record });
  await expect(new MockActivityEnvironment(info).run(nonRetryable.deliverNotification, notificationOf('begaran'))).rejects.toBe(permanent);
  const sent = createActivities({ deliver: async () => ({ status: 'sent', messageId: '<a@b>', attemptedAt: new Date().toISOString() }), recordFailedAttempt: record });
  await expect(new MockActivityEnvironment(info).run(sent.deliverNotification, notificationOf('begaran'))).resolves.toMatchObject({ status: 'sent' });
  expect(recorded).toEqual([]);
});
