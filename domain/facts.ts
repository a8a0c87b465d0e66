// Impossible facts: a meeting, justering or posting dated in the future, or before the fact it
// follows. Bad input, not a refusal by the case's state: the validators throw ImpossibleFactError
// naming the field, the workflow sends it as an ApplicationFailure of type IMPOSSIBLE_FACT with the
// issues as details (workflows/refusals.ts), the client side answers it as a ValidationError (400).
// Pure and free of zod: workflow code imports it; "today" is passed in (the workflow's clock).
import { compareDates, type IsoDate } from './dates';
import type { HumanEvent } from './events';

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

// As domain/errors.ts labels them.
const FIELDS: Record<string, string> = {
  meetingDate: 'Sammanträdesdatum',
  date: 'Datum',
  posted: 'Anslaget uppsatt',
  removed: 'Anslaget nedtaget',
  'justering.date': 'Justering › Datum',
  'anslag.posted': 'Anslag › Anslaget uppsatt',
  'anslag.removed': 'Anslag › Anslaget nedtaget',
};

export function fieldLabel(path: string): string {
  return FIELDS[path] ?? path;
}

/** The dates of an event that report what has happened: [path, date, what]. */
function happenedDates(event: HumanEvent): [string, IsoDate | undefined, string][] {
  switch (event.type) {
    case 'beredning-recorded':
      return [['meetingDate', event.meetingDate, 'sammanträdet']];
    case 'rsr-decided':
      return [['meetingDate', event.meetingDate, 'sammanträdet']];
    case 'justering-recorded':
      return [['date', event.date, 'justeringen']];
    case 'anslag-posted':
      return [['posted', event.posted, 'anslaget'], ['removed', event.removed, 'nedtagningen']];
    case 'huvudman-decided':
      return [
        ['meetingDate', event.meetingDate, 'sammanträdet'],
        ['justering.date', event.justering?.date, 'justeringen'],
        ['anslag.posted', event.anslag?.posted, 'anslaget'],
        ['anslag.removed', event.anslag?.removed, 'nedtagningen'],
      ];
    // An appeal's day is judged by KL 13 kap. 5 § (track-rules.ts).
    case 'appeal-filed':
    case 'withdrawn':
      return [];
  }
}

/** What has happened cannot lie after `today`. */
export function futureFacts(event: HumanEvent, today: IsoDate): FactIssue[] {
  return happenedDates(event)
    .filter(([, date]) => date !== undefined && compareDates(date, today) > 0)
    .map(([path, date, what]) => ({
      path,
      field: fieldLabel(path),
      message: `${what} (${date}) kan inte ligga i framtiden; i dag är det ${today}`,
    }));
}

/** `today` undefined: not checked. */
export function refuseFutureFacts(event: HumanEvent, today: IsoDate | undefined): void {
  if (today === undefined) return;
  const issues = futureFacts(event, today);
  if (issues.length > 0) throw new ImpossibleFactError(event.type, issues);
}
