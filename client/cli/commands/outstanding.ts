// `arende outstanding`: the huvudmän that have not decided yet, from the read model (directly, or
// through the API), a page at a time (--limit, --offset). The table reads like the dashboard's
// ärendebalanslista: the party's name, the dashboard's word for the state, the last day and the
// days left (negative: days late); --json prints the page as the API answers it.
import type { Command } from 'commander';
import { trackStateWord } from '../../../domain/words';
import { validate } from '../../../domain/errors';
import { OutstandingQuery, type OutstandingPage } from '../../api/gateway';
import { UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { printJson, table } from '../output';

interface OutstandingOptions extends ConnectionOptions {
  party?: string;
  overdue?: boolean;
  limit?: string;
  offset?: string;
  json?: boolean;
}

/** The line under the table: how many, how many late, and where the next page starts. */
function summary(page: OutstandingPage, overdueTotal: number): string {
  const { items, total, offset } = page;
  const counts = `${total} utestående, varav ${overdueTotal} försenade`;
  if (offset === 0 && items.length === total) return `${counts}.\n`;
  const shown = items.length === 0 ? `Inga på sidan från ${offset + 1}` : `Visar ${offset + 1}–${offset + items.length}`;
  const next = offset + items.length < total ? `; nästa sida: --offset ${offset + items.length}` : '';
  return `${shown} av ${counts}${next}.\n`;
}

export function registerOutstandingCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('outstanding')
      .description('Utestående beslut: varje huvudman som ombetts besluta och inte är klar, med läge och sista dag (närmaste datum först).')
      .option('--party <id>', 'bara denna huvudman (id i partregistret, t.ex. krokom)')
      .option('--overdue', 'bara försenade (sista dagen har passerats)')
      .option('--limit <antal>', 'högst så många rader (standard 100, högst 1000)')
      .option('--offset <antal>', 'hoppa över så många rader (nästa sida)')
      .option('--json', 'skriv sidan som JSON: { items: [{ dnr, party, partyName, state, detail, nextDeadline, daysLeft, overdue }], total, limit, offset }'),
  ).action(async (options: OutstandingOptions) => {
    const query = validate(OutstandingQuery, {
      ...(options.party !== undefined ? { party: options.party } : {}),
      ...(options.overdue ? { overdue: 'true' } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.offset !== undefined ? { offset: options.offset } : {}),
    });
    if (!query.ok) {
      const issue = query.issues[0];
      throw new UsageError(`arende outstanding: --${issue?.path || 'party'}: ${issue?.message ?? query.summary}`);
    }
    await withGateway(options, async ({ gateway }) => {
      const page = await gateway.outstanding(query.value);
      if (options.json) return printJson(io, page);
      if (page.total === 0) return io.out('Inga utestående beslut.\n');
      // How many are late in all (not only on this page): the page itself when it is all of them.
      const whole = page.offset === 0 && page.items.length === page.total;
      const overdueTotal = whole || options.overdue
        ? (options.overdue ? page.total : page.items.filter((i) => i.overdue).length)
        : (await gateway.outstanding({ ...query.value, overdue: 'true', limit: 1, offset: 0 })).total;
      if (page.items.length > 0) {
        io.out(table(['Dnr', 'Part', 'Läge', 'Sista dag', 'Dagar kvar'], page.items.map((i) => [i.dnr, i.partyName, trackStateWord(i.state, i.detail), i.nextDeadline, i.daysLeft])));
      }
      io.out(summary(page, overdueTotal));
    });
  });
}
