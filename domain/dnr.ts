// Diarienummer (Dnr) and the Temporal workflow ids derived from it. Starting a case is idempotent
// because its workflow id is a pure function of the Dnr; the mapping is reversible so a listed
// workflow id leads back to its case. Workflow code imports this module: no zod here (the Dnr
// schema is in values.ts).
import type { Dnr } from './values';
import type { PartyId } from './parties';

export type { Dnr } from './values';

/** `ORGAN/NUMMER/ÅR`: organ in capitals, number without leading zeros. */
export const DNR_PATTERN = /^([A-ZÅÄÖ]{1,10})\/([1-9]\d{0,6})\/(\d{4})$/;
const DNR = DNR_PATTERN;
/** A party id (a–z, 0–9, single hyphens): they are part of the tracks' workflow ids. */
export const PARTY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function dnr(input: string): Dnr {
  if (!DNR.test(input)) throw new RangeError(`"${input}" ska skrivas ORGAN/NUMMER/ÅR med versaler, t.ex. RS/62/2026`);
  return input as Dnr;
}

export function dnrParts(value: Dnr): { organ: string; number: number; year: number } {
  const [, organ, number, year] = DNR.exec(value)!;
  return { organ: organ!, number: Number(number), year: Number(year) };
}

/** `RS/62/2026` → `RS-62-2026`: for file names and URLs. */
export function dnrSlug(value: Dnr): string {
  return value.replaceAll('/', '-');
}

export function dnrFromSlug(slug: string): Dnr | undefined {
  const candidate = slug.replaceAll('-', '/');
  return DNR.test(candidate) ? (candidate as Dnr) : undefined;
}

const CASE_PREFIX = 'arende:';

/** `RS/62/2026` → `arende:RS-62-2026`, the id of the case workflow. */
export function workflowIdForDnr(value: Dnr): string {
  return `${CASE_PREFIX}${dnrSlug(value)}`;
}

/** `RS/62/2026` + `krokom` → `arende:RS-62-2026:krokom`, the id of one huvudman's decision track. */
export function trackWorkflowId(value: Dnr, partyId: PartyId): string {
  return `${workflowIdForDnr(value)}:${partyId}`;
}

/** The inverse of `workflowIdForDnr` and `trackWorkflowId`; undefined for any other id. */
export function parseWorkflowId(workflowId: string): { dnr: Dnr; partyId?: PartyId } | undefined {
  if (!workflowId.startsWith(CASE_PREFIX)) return undefined;
  const [slug, partyId, ...rest] = workflowId.slice(CASE_PREFIX.length).split(':');
  if (slug === undefined || rest.length > 0) return undefined;
  const value = dnrFromSlug(slug);
  if (!value) return undefined;
  if (partyId === undefined) return { dnr: value };
  return PARTY_ID_PATTERN.test(partyId) && partyId.length <= 60 ? { dnr: value, partyId: partyId as PartyId } : undefined;
}
