// `arende export <dnr> [--fil F]`: the case's full record for the archive (status, event log and the
// Temporal histories of the case and its tracks), as GET /api/v1/cases/:dnr/export gives it: one
// JSON document on stdout, or written to a file with a receipt on stdout.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson } from '../output';

interface ExportOptions extends ConnectionOptions {
  fil?: string;
  json?: boolean;
}

export function registerExportCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('export')
      .description('Exportera ärendets fullständiga akt för arkivering: status, händelselogg och Temporal-historiken för ärendet och varje beslutsspår (JSON).')
      .argument('<dnr>', 'ärendets diarienummer, t.ex. RS/62/2026')
      .option('--fil <sökväg>', 'skriv akten till filen (annars på stdout); "-" är stdout')
      .option('--json', 'akten är alltid JSON; med --fil skrivs kvittot som JSON: { dnr, file, bytes, histories }')
      .addHelpText('after', '\nExempel:\n  arende export RS/62/2026 --fil RS-62-2026.json\n  arende export RS/62/2026 > RS-62-2026.json\n'),
  ).action(async (value: string, o: ExportOptions) => {
    const dnr = dnrArgument('export', value);
    const file = o.fil === undefined || o.fil === '-' ? undefined : o.fil;
    if (file !== undefined && file.trim() === '') throw new UsageError('arende export: --fil: ange en sökväg');
    await withGateway(o, async ({ gateway }) => {
      const record = await gateway.exportRecord(dnr);
      if (file === undefined) return printJson(io, record);
      const text = `${JSON.stringify(record, null, 2)}\n`;
      try {
        writeFileSync(file, text, 'utf8');
      } catch (err) {
        throw new UsageError(`arende export: --fil: ${file} kan inte skrivas (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const receipt = { dnr, file: path.resolve(file), bytes: Buffer.byteLength(text), histories: record.histories.length };
      if (o.json) printJson(io, receipt);
      else io.out(`${dnr}: akten är skriven till ${receipt.file} (${receipt.bytes} byte, ${receipt.histories} Temporal-historiker)\n`);
    });
  });
}
