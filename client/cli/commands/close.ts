// `arende close <dnr> --party P --reason R`: an administrator closes one huvudman's decision track
// with a reason (POST /api/v1/cases/:dnr/tracks/:party/close); the case completes when every track
// is final. The same schemas as the API validate the flags.
import type { Command } from 'commander';
import { PartyId } from '../../../domain/parties';
import { CloseTrackBody } from '../../api/gateway';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson, receiptLine } from '../output';
import { checked } from './events';

interface CloseOptions extends ConnectionOptions {
  party: string;
  reason: string;
  json?: boolean;
}

/** The API's body and path parameter together: the flags are checked as the route checks them. */
const CloseTrackFlags = CloseTrackBody.extend({ party: PartyId });

export function registerCloseCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('close')
      .description('Stäng en huvudmans beslutsspår med ett skäl (t.ex. när huvudmannen inte ska besluta); ärendet avslutas när alla spår är avslutade.')
      .argument('<dnr>', 'ärendets diarienummer, t.ex. RS/62/2026')
      .requiredOption('--party <id>', 'huvudmannen vars spår stängs (id i partregistret, t.ex. krokom)')
      .requiredOption('--reason <text>', 'skäl (minst 3 tecken)')
      .option('--json', 'skriv kvittot som JSON: { dnr, party, seq, stage, message }')
      .addHelpText('after', '\nExempel:\n  arende close RS/62/2026 --party krokom --reason "Kommunen har avstått från att besluta"\n'),
  ).action(async (value: string, o: CloseOptions) => {
    const dnr = dnrArgument('close', value);
    const flags = checked('close', CloseTrackFlags, { party: o.party, reason: o.reason }, { party: '--party', reason: '--reason' });
    await withGateway(o, async ({ gateway, actor }) => {
      const receipt = await gateway.closeTrack(dnr, flags.party, flags.reason, actor);
      if (o.json) printJson(io, { dnr, party: flags.party, ...receipt });
      else io.out(receiptLine(dnr, receipt, 'track'));
    });
  });
}
