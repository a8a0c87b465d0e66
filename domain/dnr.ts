// Diarienummer (Dnr) and the Temporal workflow ids derived from it. Starting a case is idempotent
// because its workflow id is a pure function of the Dnr; the mapping is reversible so a listed
// workflow id leads back to its case.
import { z } from 'zod';
import { unlessMissing } from './errors';
import { PartyId } from './parties';

const DNR = /^([A-ZÅÄÖ]{1,10})\/([1-9]\d{0,6})\/(\d{4})$/;

/** `ORGAN/NUMMER/ÅR`, e.g. `RS/62/2026`, `HSN/2088/2025`: organ in capitals, number without leading zeros. */
export const Dnr = z
  .string({ error: unlessMissing('ska vara ett diarienummer, t.ex. RS/62/2026') })
  .regex(DNR, { error: (issue) => `"${String(issue.input)}" ska skrivas ORGAN/NUMMER/ÅR med versaler, t.ex. RS/62/2026` })
  .brand<'Dnr'>()
  .meta({ id: 'Dnr', description: 'Diarienummer ORGAN/NUMMER/ÅR, t.ex. RS/62/2026' });
export type Dnr = z.infer<typeof Dnr>;

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
  const party = PartyId.safeParse(partyId);
  return party.success ? { dnr: value, partyId: party.data } : undefined;
}
