// Which refusals of an update mean "its workflow task failed; send it again in a moment"
// (client/temporal/worker-answer.ts). Seen on the cluster profile when a worker was killed mid-task.
import { ServiceError } from '@temporalio/client';
import { workflowTaskFailed } from '../../../client/temporal/worker-answer';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

test('FAILED_PRECONDITION "Workflow Task in failed state" is a failed workflow task, wrapped or not', () => {
  const raw = grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.');
  expect(workflowTaskFailed(raw)).toBe(true);
  expect(workflowTaskFailed(new ServiceError('Workflow Update failed', { cause: raw }))).toBe(true);
});

test('other refusals are not', () => {
  expect(workflowTaskFailed(grpcError(9, 'workflow execution already completed'))).toBe(false);
  expect(workflowTaskFailed(grpcError(5, 'Workflow Task in failed state'))).toBe(false);
  expect(workflowTaskFailed(new Error('Workflow Task in failed state'))).toBe(false);
  expect(workflowTaskFailed(undefined)).toBe(false);
});
