// Building Temporal visibility (list) queries: string literals, and Dnr lists cut to a size one
// `IN (…)` clause carries well. Shared by the API gateway and the overview's track source.
import { DnrAttribute } from '../../domain/search-attributes';

/** A string literal in a list query (single quotes, doubled inside). */
export const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Dnrs per `IN (…)` clause. */
export const DNR_BATCH = 100;

/** `ArendeDnr IN ('RS/1/2026', …)` clauses, one per batch of DNR_BATCH Dnrs. */
export function dnrInClauses(dnrs: readonly string[]): string[] {
  const clauses: string[] = [];
  for (let i = 0; i < dnrs.length; i += DNR_BATCH) clauses.push(`${DnrAttribute.name} IN (${dnrs.slice(i, i + DNR_BATCH).map(quote).join(', ')})`);
  return clauses;
}
