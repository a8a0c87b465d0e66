// Impossible facts: a meeting, justering or posting dated in the future, or before the fact it
// follows. Bad input, not a refusal by the case's state: the validators throw ImpossibleFactError
// naming the field, the workflow sends it as an ApplicationFailure of type IMPOSSIBLE_FACT with the
// issues as details (workflows/refusals.ts), the client side answers it as a ValidationError (400).
// Pure and free of zod: workflow code imports it; "today" is passed in (the workflow's clock).
import { compareDates, type IsoDate } from './dates';
import type { HumanEvent } from './events';
import { fieldLabel } from './field-labels';

/** The field's path in the event, its Swedish label and the rule. */
export interface FactIssue {
  path: string;
  field: string;
  message: string;
}

/** The ApplicationFailure type the workflows refuse an impossible fact with. */
export const IMPOSSIBLE_FACT = 'ImpossibleFact';

export class ImpossibleFactError extends Error {
  override name = 'ImpossibleFactError';
  constructor(
    readonly type: string,
    readonly issues: FactIssue[],
  ) {
    super(`${type}: ${issues.map((i) => i.message).join('; ')}`);
  }
}

export function impossible(type: string, path: string, message: string): never {
  throw new ImpossibleFactError(type, [{ path, field: fieldLabel(path), message }]);
}

// Per path: what it dates (its label is domain/field-labels.ts's, as every error names the field).
const FIELDS: Record<string, string> = {
  meetingDate: 'sammanträdet',
  date: 'justeringen',
  posted: 'anslaget',
  removed: 'nedtagningen',
  'justering.date': 'justeringen',
  'anslag.posted': 'anslaget',
  'anslag.removed': 'nedtagningen',
};

// The dates of each event that report what has happened (an appeal's day is judged by KL 13 kap. 5 §).
const HAPPENED: Partial<Record<HumanEvent['type'], string>> = {
  'beredning-recorded': 'meetingDate',
  'rsr-decided': 'meetingDate',
  'justering-recorded': 'date',
  'anslag-posted': 'posted removed',
  'huvudman-decided': 'meetingDate justering.date anslag.posted anslag.removed',
};

/** What has happened cannot lie after `today`. */
export function futureFacts(event: HumanEvent, today: IsoDate): FactIssue[] {
  const issues: FactIssue[] = [];
  for (const path of HAPPENED[event.type]?.split(' ') ?? []) {
    const date = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], event) as IsoDate | undefined;
    if (date !== undefined && compareDates(date, today) > 0) {
      issues.push({ path, field: fieldLabel(path), message: `${FIELDS[path]!} (${date}) kan inte ligga i framtiden; i dag är det ${today}` });
    }
  }
  return issues;
}

/** `today` undefined: not checked. */
export function refuseFutureFacts(event: HumanEvent, today: IsoDate | undefined): void {
  if (today === undefined) return;
  const issues = futureFacts(event, today);
  if (issues.length > 0) throw new ImpossibleFactError(event.type, issues);
}
