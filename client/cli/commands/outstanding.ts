// `arende outstanding`: the huvudmän that have not decided yet, from Temporal visibility (one list
// query). The table reads like the dashboard's ärendebalanslista: the party's name, the dashboard's
// word for the state, the last day and the days left (negative: days late); --json keeps the ids.
import type { Command } from 'commander';
import { trackStateWord } from '../../../domain/words';
import { validate } from '../../../domain/errors';
import { OutstandingFilter } from '../../api/gateway';
import { UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { printJson, table } from '../output';

interface OutstandingOptions extends ConnectionOptions {
  party?: string;
  overdue?: boolean;
  json?: boolean;
}

export function registerOutstandingCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('outstanding')
      .description('Utestående beslut: varje huvudman som ombetts besluta och inte är klar, med läge och sista dag.')
      .option('--party <id>', 'bara denna huvudman (id i partregistret, t.ex. krokom)')
      .option('--overdue', 'bara försenade (sista dagen har passerats)')
      .option('--json', 'skriv listan som JSON: [{ dnr, party, partyName, state, detail, nextDeadline, daysLeft, overdue }]'),
  ).action(async (options: OutstandingOptions) => {
    const filter = validate(OutstandingFilter, {
      ...(options.party !== undefined ? { party: options.party } : {}),
      ...(options.overdue ? { overdue: 'true' } : {}),
    });
    if (!filter.ok) throw new UsageError(`arende outstanding: --party: ${filter.issues[0]?.message ?? filter.summary}`);
    await withGateway(options, async ({ gateway }) => {
      const items = await gateway.outstanding(filter.value);
      if (options.json) return printJson(io, items);
      if (items.length === 0) return io.out('Inga utestående beslut.\n');
      io.out(table(['Dnr', 'Part', 'Läge', 'Sista dag', 'Dagar kvar'], items.map((i) => [i.dnr, i.partyName, trackStateWord(i.state, i.detail), i.nextDeadline, i.daysLeft])));
      io.out(`${items.length} utestående, varav ${items.filter((i) => i.overdue).length} försenade.\n`);
    });
  });
}
