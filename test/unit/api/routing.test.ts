// Where client/cases.ts sends a huvudman's event when its track does not run: the facts it reads
// from the case's status, and which failures of the case's query are "ask again" rather than answers.
import { ServiceError } from '@temporalio/client';
import { isSlowAnswer, startsTrackFor } from '../../../client/cases';
import type { CaseStatus } from '../../../workflows/messages';

const justerat = {
  dnr: 'RS/62/2026',
  stage: 'justerat',
  huvudman: ['krokom', 'berg'],
  justering: { justerare: ['A'], date: '2026-02-02' },
  tracks: [
    { party: 'krokom', name: 'Krokoms kommun', state: 'requested', overdue: false },
    { party: 'berg', name: 'Bergs kommun', state: 'laga-kraft', overdue: false, final: { state: 'laga-kraft' } },
  ],
} as unknown as CaseStatus;

test('the case starts (or runs) a track for a party it asked, once justerat, until the track is final', () => {
  expect(startsTrackFor(justerat, 'krokom')).toBe(true);
  // Just justerat, the case's view of its tracks not yet filled in: still starting.
  expect(startsTrackFor({ ...justerat, tracks: [] }, 'krokom')).toBe(true);
  expect(startsTrackFor(justerat, 'berg')).toBe(false);
  expect(startsTrackFor(justerat, 'are')).toBe(false);
  expect(startsTrackFor({ ...justerat, justering: undefined, stage: 'rsr-decided' } as CaseStatus, 'krokom')).toBe(false);
  expect(startsTrackFor({ ...justerat, withdrawn: { date: '2026-03-01', reason: 'x' } } as CaseStatus, 'krokom')).toBe(false);
  expect(startsTrackFor({ ...justerat, stage: 'completed' }, 'krokom')).toBe(false);
});

function grpcError(code: number): Error {
  return Object.assign(new Error(`${code} grpc`), { code, details: 'd', metadata: {} });
}

test('a query that timed out, or found Temporal unavailable or busy, is asked again; anything else is an answer', () => {
  expect(isSlowAnswer(new ServiceError('Failed to query Workflow', { cause: grpcError(4) }))).toBe(true); // DEADLINE_EXCEEDED: no worker answered
  expect(isSlowAnswer(new ServiceError('Failed to query Workflow', { cause: grpcError(14) }))).toBe(true); // UNAVAILABLE
  expect(isSlowAnswer(new ServiceError('Failed to query Workflow', { cause: grpcError(8) }))).toBe(true); // RESOURCE_EXHAUSTED
  expect(isSlowAnswer(grpcError(4))).toBe(true);
  expect(isSlowAnswer(new ServiceError('Failed to query Workflow', { cause: grpcError(7) }))).toBe(false); // PERMISSION_DENIED
  expect(isSlowAnswer(new ServiceError('Failed to query Workflow', { cause: grpcError(3) }))).toBe(false); // INVALID_ARGUMENT
  expect(isSlowAnswer(new Error('something else'))).toBe(false);
});
