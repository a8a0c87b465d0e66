// `arende outstanding`: the huvudmän that have not decided yet, from Temporal visibility (one list query).
import type { Command } from 'commander';
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
      .option('--json', 'skriv listan som JSON: [{ dnr, party, state, nextDeadline, overdue }]'),
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
      io.out(table(['Dnr', 'Part', 'Läge', 'Nästa frist', 'Försenad'], items.map((i) => [i.dnr, i.party, i.state, i.nextDeadline, i.overdue ? 'ja' : ''])));
      io.out(`${items.length} utestående, varav ${items.filter((i) => i.overdue).length} försenade.\n`);
    });
  });
}
