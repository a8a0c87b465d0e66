// `arende calendar`: the statutory dates of one anslag (KL 8 kap. 12 §, 13 kap. 5 §, lag 1930:173).
import type { Command } from 'commander';
import { appealCalendar, explainAppealCalendar } from '../../../domain/calendar';
import { isoDateProblem } from '../../../domain/dates';
import { validate } from '../../../domain/errors';
import { UsageError, type CliIo } from '../main';
import { printJson, sections } from '../output';
import { AppealCalendarInput } from '../../../domain/values';

interface CalendarOptions {
  posted: string;
  justerad?: string;
  explain?: boolean;
  json?: boolean;
}

/** Each date's label as the case page says it, in the order the dates follow. */
const LABELS = {
  justerad: 'Justerat',
  anslagSenast: 'Senaste dag att anslå (KL 8 kap. 12 §)',
  posted: 'Anslaget uppsatt',
  lastAppealDay: 'Sista dag att överklaga (KL 13 kap. 5 §)',
  earliestRemoval: 'Anslaget får tas ned',
  lagaKraft: 'Laga kraft',
} as const;

function checkDate(flag: string, value: string | undefined): void {
  const problem = value === undefined ? undefined : isoDateProblem(value);
  if (problem) throw new UsageError(`arende calendar: ${flag}: ${problem}`);
}

export function registerCalendarCommand(program: Command, io: CliIo): void {
  program
    .command('calendar')
    .description(
      'Lagstadgade datum för ett anslag: senaste dag att anslå justeringen, sista dag för överklagande, ' +
        'första dag anslaget får tas ned och dag då beslutet vinner laga kraft.',
    )
    .requiredOption('--posted <ÅÅÅÅ-MM-DD>', 'dag då justeringen tillkännagavs på anslagstavlan')
    .option('--justerad <ÅÅÅÅ-MM-DD>', 'dag då protokollet justerades (ger senaste dag att anslå)')
    .option('--explain', 'lägg till regeln bakom varje datum (med --json: fältet "explain")')
    .option('--json', 'skriv datumen som ett JSON-objekt: { justerad, anslagSenast, posted, lastAppealDay, earliestRemoval, lagaKraft }')
    .addHelpText(
      'after',
      '\nExempel:\n  arende calendar --posted 2025-05-15 --justerad 2025-05-14 --explain\n',
    )
    .action((options: CalendarOptions) => {
      checkDate('--posted', options.posted);
      checkDate('--justerad', options.justerad);
      const input = validate(AppealCalendarInput, { posted: options.posted, justerad: options.justerad });
      if (!input.ok) {
        const flag = input.issues[0]?.path === 'justerad' ? '--justerad' : '--posted';
        throw new UsageError(`arende calendar: ${flag}: ${input.issues[0]?.message ?? input.summary}`);
      }
      const { dates, explain } = explainAppealCalendar(input.value);
      if (options.json) return printJson(io, options.explain ? { ...dates, explain } : appealCalendar(input.value));
      io.out(sections(Object.entries(LABELS).map(([key, label]) => [label, dates[key as keyof typeof LABELS]])));
      if (options.explain) io.out(`\n${Object.keys(LABELS).flatMap((key) => explain[key as keyof typeof explain] ?? []).join('\n')}\n`);
    });
}
