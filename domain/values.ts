// The zod schemas of the domain's value types: calendar dates and instants, the Dnr, and the
// statutory calendar's inputs and outputs. API, CLI and forms validate with them. The pure modules
// that workflow code imports (dates.ts, dnr.ts, calendar.ts) take only their types from here, so
// zod is never evaluated in a workflow sandbox (test/unit/worker/workflow-bundle.test.ts checks).
import { z } from 'zod';
import { compareDates, isoDateProblem } from './dates';
import { DNR_PATTERN } from './dnr';
import { unlessMissing } from './errors';

/**
 * A calendar date in Europe/Stockholm, `YYYY-MM-DD`; impossible dates such as 2026-02-30 are refused.
 * A bad date aborts the object it is in: zod would otherwise still run the object's cross-field
 * rules (anslag after justering, the statutory calendar) on it, and the calendar throws on "".
 */
export const IsoDate = z
  .iso.date({ abort: true, error: unlessMissing((input) => isoDateProblem(input) ?? 'ogiltigt datum') })
  .brand<'IsoDate'>()
  .meta({ id: 'IsoDate', description: 'Kalenderdatum (Europe/Stockholm), ÅÅÅÅ-MM-DD' });
export type IsoDate = z.infer<typeof IsoDate>;

/** A point in time with an explicit offset, e.g. `2026-03-25T13:05:00+01:00` or `…Z`. */
export const IsoInstant = z
  .iso.datetime({ offset: true, error: unlessMissing('ska vara en tidpunkt i ISO 8601 med tidszon, t.ex. 2026-03-25T13:05:00+01:00') })
  .meta({ description: 'Tidpunkt, ISO 8601 med tidszon' });
export type IsoInstant = z.infer<typeof IsoInstant>;

/** `ORGAN/NUMMER/ÅR`, e.g. `RS/62/2026`, `HSN/2088/2025`: organ in capitals, number without leading zeros. */
export const Dnr = z
  .string({ error: unlessMissing('ska vara ett diarienummer, t.ex. RS/62/2026') })
  .regex(DNR_PATTERN, { error: (issue) => `"${String(issue.input)}" ska skrivas ORGAN/NUMMER/ÅR med versaler, t.ex. RS/62/2026` })
  .brand<'Dnr'>()
  .meta({ id: 'Dnr', description: 'Diarienummer ORGAN/NUMMER/ÅR, t.ex. RS/62/2026' });
export type Dnr = z.infer<typeof Dnr>;

// Control characters (C0 and C1, and DEL) never belong in a record a person reads: a NUL, an escape
// sequence or a bare carriage return in a minute is corruption or an attack, not a fact. Single-line
// text refuses them all; multi-line text keeps line breaks (\r\n and \r normalised to \n) and tabs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function controlCharacterMessage(input: string, refused: RegExp): string {
  const match = refused.exec(input);
  const found = match?.[0] ?? '';
  const at = (match?.index ?? 0) + 1;
  if (found === '\n' || found === '\r') return `ska stå på en rad (radbrytning på plats ${at})`;
  const code = `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `innehåller ett styrtecken (${code}) på plats ${at}; ta bort det`;
}

/** One line of text: trimmed, not empty, no control characters (a line break is refused too). */
export const Text = z
  .string({ error: unlessMissing('ska vara text') })
  .trim()
  .min(1, 'får inte vara tomt')
  .refine((s) => !CONTROL.test(s), { error: (issue) => controlCharacterMessage(String(issue.input), CONTROL) });

/** Text that may run over several lines (a summary, a note, a reason): line breaks and tabs are kept, other control characters refused. */
export const MultiLineText = z
  .string({ error: unlessMissing('ska vara text') })
  .overwrite((s) => s.replace(/\r\n?/g, '\n'))
  .trim()
  .min(1, 'får inte vara tomt')
  .refine((s) => !CONTROL_EXCEPT_LINES.test(s), { error: (issue) => controlCharacterMessage(String(issue.input), CONTROL_EXCEPT_LINES) });

export const HolidayKind = z.enum(['helgdag', 'afton']);
export type HolidayKind = z.infer<typeof HolidayKind>;

/**
 * A day that is not a working day besides Saturday and Sunday. `helgdag`: allmän helgdag under
 * lag (1989:253); `afton`: midsommarafton, julafton or nyårsafton, which lag (1930:173) treats
 * like a holiday when a statutory period ends.
 */
export const Holiday = z.object({ date: IsoDate, name: z.string(), kind: HolidayKind });
export type Holiday = z.infer<typeof Holiday>;

/** Input of the appeal calendar: when the notice was posted and, optionally, when the minutes were justerade. */
export const AppealCalendarInput = z
  .object({ posted: IsoDate, justerad: IsoDate.optional() })
  .superRefine((value, ctx) => {
    if (value.justerad && compareDates(value.posted, value.justerad) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['posted'],
        message: `anslaget (${value.posted}) kan inte sättas upp före justeringen (${value.justerad})`,
      });
    }
  });
export type AppealCalendarInput = z.infer<typeof AppealCalendarInput>;

/** Every statutory date of one protocol's anslag. Key order is the order a person reads them. */
export const AppealCalendar = z.object({
  justerad: IsoDate.optional(),
  anslagSenast: IsoDate.optional(),
  posted: IsoDate,
  lastAppealDay: IsoDate,
  earliestRemoval: IsoDate,
  lagaKraft: IsoDate,
});
export type AppealCalendar = z.infer<typeof AppealCalendar>;

export const AppealCalendarExplanation = z.object({
  justerad: z.string().optional(),
  anslagSenast: z.string().optional(),
  posted: z.string(),
  lastAppealDay: z.string(),
  earliestRemoval: z.string(),
  lagaKraft: z.string(),
});
export type AppealCalendarExplanation = z.infer<typeof AppealCalendarExplanation>;
