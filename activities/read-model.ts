// The read model's side of the workflows' projections (workflows/read-model-sync.ts): a local
// activity that applies one workflow's rows, guarded by their version (readmodel/apply.ts), so a
// retry or a replay that projects again changes nothing. A store that fails throws: the workflow
// retries it (the rows wait, they are never dropped).
import { ApplicationFailure } from '@temporalio/common';
import { Projection } from '../domain/read-model';
import { validate } from '../domain/errors';
import { applyProjection } from '../readmodel/apply';
import type { ReadModel } from '../readmodel/open';

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
