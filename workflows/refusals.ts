// An impossible fact (domain/facts.ts) leaves a validator as an ApplicationFailure with its field
// issues as details, so the client side answers it as bad input naming the field (client/cases.ts).
import { ApplicationFailure } from '@temporalio/workflow';
import { IMPOSSIBLE_FACT, ImpossibleFactError } from '../domain/facts';

export function refusingImpossibleFacts(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof ImpossibleFactError) {
      throw ApplicationFailure.create({ type: IMPOSSIBLE_FACT, message: err.message, details: [err.issues], nonRetryable: true });
    }
    throw err;
  }
}
