// Deliveries being retried (domain/delivery-attempts.ts) and the activity's report of a failed
// attempt (activities/failed-attempt.ts): the words, the next attempt, what clears a row.
import { ApplicationFailure } from '@temporalio/common';
import { nextAttemptAtMs, recordingWorkflowId, sendErrorWords, settledAttempts, specificCode } from '../../../domain/delivery-attempts';
import { failedAttemptRow, failureOf } from '../../../activities/failed-attempt';
import { notificationKey } from '../../../domain/notification-key';
import { notificationOf } from '../../helpers/notifications';

describe('the error in words', () => {
  it.each([
    ['ESOCKET', 'connect ECONNREFUSED 127.0.0.1:2525', 'anslutningen nekades (ECONNREFUSED)'],
    ['ESOCKET', 'read ECONNRESET', 'anslutningen bröts (ECONNRESET)'],
    ['ETIMEDOUT', 'Connection timeout', 'e-postservern svarade inte i tid (ETIMEDOUT)'],
    ['EDNS', 'getaddrinfo ENOTFOUND smtp.example', 'e-postserverns namn finns inte (ENOTFOUND)'],
    ['451', '451 4.3.0 Mailbox temporarily unavailable', 'e-postservern avvisade tillfälligt (451)'],
    ['421', '421 Service not available', 'e-postservern avvisade tillfälligt (421)'],
    ['EAUTH', 'Invalid login: 535 Authentication failed', 'inloggningen till e-postservern nekades (EAUTH)'],
    ['ESOCKET', 'something odd', 'fel i anslutningen till e-postservern (ESOCKET)'],
    ['EWHATEVER', 'no idea', 'tillfälligt fel (EWHATEVER)'],
  ])('%s "%s" → %s', (code, detail, words) => {
    expect(sendErrorWords(code, detail)).toBe(words);
  });

  it('shows the system code when nodemailer says only ESOCKET', () => {
    expect(specificCode('ESOCKET', 'connect ECONNREFUSED 127.0.0.1:1')).toBe('ECONNREFUSED');
    expect(specificCode('451', '451 ECONNREFUSED in the text')).toBe('451');
  });
});

describe('the next attempt', () => {
  const policy = { initialIntervalMs: 10_000, backoffCoefficient: 2, maximumIntervalMs: 3_600_000 };
  it('doubles from the initial interval, up to the maximum', () => {
    expect([1, 2, 3, 4].map((attempt) => nextAttemptAtMs(0, attempt, policy))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(nextAttemptAtMs(0, 20, policy)).toBe(3_600_000);
  });
  it('is unknown without a policy, after the last attempt, or past the give-up time', () => {
    expect(nextAttemptAtMs(0, 1, undefined)).toBeUndefined();
    expect(nextAttemptAtMs(0, 3, { ...policy, maximumAttempts: 3 })).toBeUndefined();
    expect(nextAttemptAtMs(0, 4, policy, 50_000)).toBeUndefined();
    expect(nextAttemptAtMs(0, 3, policy, 50_000)).toBe(40_000);
  });
});

describe('what clears a row', () => {
  it('a record that counts more attempts than the row saw: the outcome of this send', () => {
    const rows = [
      { key: 'a', recordAttempts: 0 }, // first send, now recorded
      { key: 'b', recordAttempts: 1 }, // an administrator's retry of a failed one, still going
      { key: 'c', recordAttempts: 1 }, // that retry, now recorded
      { key: 'd', recordAttempts: 0 }, // not recorded yet
    ];
    expect(settledAttempts(rows, [{ key: 'a', attempts: 1 }, { key: 'b', attempts: 1 }, { key: 'c', attempts: 2 }])).toEqual(['a', 'c']);
  });
  it('an expediering child records its messages on its case', () => {
    expect(recordingWorkflowId('arende:RS-62-2026:_expediering')).toBe('arende:RS-62-2026');
    expect(recordingWorkflowId('arende:RS-62-2026:krokom')).toBe('arende:RS-62-2026:krokom');
  });
});

describe("the activity's report of a failed attempt", () => {
  const n = notificationOf('begaran');
  const info = {
    attempt: 4,
    scheduledTimestampMs: Date.parse('2026-03-02T09:00:00Z'),
    scheduleToCloseTimeoutMs: 86_400_000,
    retryPolicy: { initialInterval: 10_000, backoffCoefficient: 2, maximumInterval: 3_600_000 },
    workflowExecution: { workflowId: 'arende:RS-62-2026:krokom' },
  };
  const failure = ApplicationFailure.retryable('tillfälligt fel vid sändning till registrator@krokom.example: connect ECONNREFUSED 127.0.0.1:2525', 'SmtpTemporary:ESOCKET', {
    code: 'ESOCKET',
    detail: 'connect ECONNREFUSED 127.0.0.1:2525',
  });

  it('names the message, the attempt, the error in words and the times', () => {
    const at = Date.parse('2026-03-02T09:01:10Z');
    expect(failedAttemptRow(n, info, failure, at)).toEqual({
      workflowId: 'arende:RS-62-2026:krokom',
      key: notificationKey(n),
      dnr: 'RS/62/2026',
      track: 'krokom',
      kind: 'begaran',
      recipientLabel: n.recipient.label,
      recipientEmail: n.recipient.email,
      attempt: 4,
      failedAt: '2026-03-02T09:01:10.000Z',
      errorCode: 'ECONNREFUSED',
      error: 'anslutningen nekades (ECONNREFUSED)',
      detail: 'connect ECONNREFUSED 127.0.0.1:2525',
      nextAttemptAt: '2026-03-02T09:02:30.000Z',
      givesUpAt: '2026-03-03T09:00:00.000Z',
    });
  });

  it("an expediering's message belongs to the case; no workflow, no row", () => {
    const row = failedAttemptRow(n, { ...info, workflowExecution: { workflowId: 'arende:RS-62-2026:_expediering' } }, failure, 0);
    expect(row).toMatchObject({ workflowId: 'arende:RS-62-2026' });
    expect(row).not.toHaveProperty('track');
    expect(failedAttemptRow(n, { ...info, workflowExecution: undefined }, failure, 0)).toBeUndefined();
  });

  it('reads the code from any error', () => {
    expect(failureOf(Object.assign(new Error('getaddrinfo EAI_AGAIN smtp'), { code: 'EDNS' }))).toEqual({ code: 'EDNS', detail: 'getaddrinfo EAI_AGAIN smtp' });
    expect(failureOf(ApplicationFailure.retryable('x', 'SmtpTemporary:451'))).toEqual({ code: 'SmtpTemporary:451', detail: 'x' });
  });
});
