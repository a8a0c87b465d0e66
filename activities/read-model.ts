// The read model's side of the workflows' projections (workflows/read-model-sync.ts): a local
// activity that applies one workflow's rows, guarded by their version (readmodel/apply.ts), so a
// retry or a replay that projects again changes nothing. A store that fails throws: the workflow
// retries it (the rows wait, they are never dropped).
import { ApplicationFailure } from '@temporalio/common';
import { Projection } from '../domain/read-model';
import { validate } from '../domain/errors';
import { applyProjection } from '../readmodel/apply';
import type { ReadModel } from '../readmodel/open';
import { recordFailedAttempt } from '../readmodel/delivery-attempts';
import { DeliveryAttemptRow } from '../domain/delivery-attempts';
import type { ActivityDeps } from './index';

export interface ReadModelActivities {
  /** Applies the rows; false when the store already held this version or a newer one. */
  projectReadModel(projection: Projection): Promise<boolean>;
}

export function createReadModelActivities(db: ReadModel): ReadModelActivities {
  return {
    async projectReadModel(input) {
      // Rows that break the contract are a bug in the workflow: fail without retrying.
      const parsed = validate(Projection, input);
      if (!parsed.ok) throw ApplicationFailure.nonRetryable(`ogiltig projektion: ${parsed.summary}`, 'InvalidProjection');
      return applyProjection(db, parsed.value);
    },
  };
}

/**
 * The delivery activity's report of a failed attempt (activities/index.ts), into the same store: a
 * plain write from the activity, not a projection (the workflow does not know of the attempt).
 */
export function attemptRecorder(db: ReadModel): NonNullable<ActivityDeps['recordFailedAttempt']> {
  const Row = DeliveryAttemptRow.omit({ recordAttempts: true });
  return async (attempt) => recordFailedAttempt(db, Row.parse(attempt));
}
