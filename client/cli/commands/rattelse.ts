// `arende rattelse`: correct a recorded decision, justering, anslag or appeal (a rättelse) with a
// reason: a new event in the log, the original stays, marked as corrected (docs/late-events.md).
// Administrators only (the API's permission for POST /cases/:dnr/rattelse).
import type { Command } from 'commander';
import { CorrectionRecorded } from '../../../domain/events';
import type { CliIo } from '../io';
import { checked, integer, names, send, withJson, type EventOptions } from './events';

interface CorrectionOptions extends EventOptions {
  what: string;
  party?: string;
  reason: string;
  meeting?: string;
  paragraf?: string;
  outcome?: string;
  organ?: string;
  date?: string;
  justerare?: string;
  posted?: string;
  removed?: string;
  filedOn?: string;
  appellant?: string;
  court?: string;
}

/** Each flag and the field of `changes` it gives. */
const FLAGS: Record<string, [keyof CorrectionOptions, string, (v: string) => unknown]> = {
  meetingDate: ['meeting', '--meeting', (v) => v],
  paragraf: ['paragraf', '--paragraf', integer],
  outcome: ['outcome', '--outcome', (v) => v],
  organ: ['organ', '--organ', (v) => v],
  date: ['date', '--date', (v) => v],
  justerare: ['justerare', '--justerare', names],
  posted: ['posted', '--posted', (v) => v],
  removed: ['removed', '--removed', (v) => v],
  filedOn: ['filedOn', '--filed-on', (v) => v],
  appellant: ['appellant', '--appellant', (v) => v],
  court: ['court', '--court', (v) => v],
};

export function registerCorrectionCommand(program: Command, io: CliIo): void {
  withJson(
    program
      .command('rattelse')
      .description('Rätta en registrerad uppgift (beslut, justering, anslag, överklagande) med skäl; originalet står kvar i loggen, markerat som rättat. Bara administratörer.')
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--what <vad>', 'vad som rättas: decision (beslutet), justering, anslag eller appeal (överklagandet)')
      .option('--party <id>', 'huvudmannens protokoll (utelämnat: RSR:s)')
      .requiredOption('--reason <text>', 'skälet till rättelsen')
      .option('--meeting <ÅÅÅÅ-MM-DD>', 'beslutet: rätt sammanträdesdag')
      .option('--paragraf <nr>', 'beslutet: rätt paragraf (§)')
      .option('--outcome <utfall>', 'beslutet: rätt utfall (bifall, avslag, delvis-bifall, aterremiss, bordlaggning)')
      .option('--organ <namn>', 'beslutet: rätt beslutande organ')
      .option('--date <ÅÅÅÅ-MM-DD>', 'justeringen: rätt dag')
      .option('--justerare <namn,namn>', 'justeringen: rätta justerare')
      .option('--posted <ÅÅÅÅ-MM-DD>', 'anslaget: rätt uppsättningsdag (flyttar överklagandetiden och laga kraft)')
      .option('--removed <ÅÅÅÅ-MM-DD>', 'anslaget: rätt nedtagningsdag')
      .option('--filed-on <ÅÅÅÅ-MM-DD>', 'överklagandet: rätt dag då det kom in')
      .option('--appellant <namn>', 'överklagandet: rätt klagande')
      .option('--court <namn>', 'överklagandet: rätt domstol')
      .addHelpText('after', '\nExempel:\n  arende rattelse RS/62/2026 --what anslag --party krokom --posted 2026-04-24 --reason "Anslaget sattes upp senare än rapporterat"\n'),
  ).action(async (value: string, o: CorrectionOptions) =>
    send(io, 'rattelse', value, o, () => {
      const changes: Record<string, unknown> = {};
      const flags: Record<string, string> = { target: '--what', party: '--party', reason: '--reason', changes: '--what (och en rättad uppgift)' };
      for (const [field, [option, flag, parse]] of Object.entries(FLAGS)) {
        const given = o[option];
        if (typeof given === 'string') changes[field] = parse(given);
        flags[`changes.${field}`] = flag;
      }
      return checked(
        'rattelse',
        CorrectionRecorded,
        { type: 'correction-recorded', target: o.what, changes, reason: o.reason, ...(o.party !== undefined ? { party: o.party } : {}) },
        flags,
      );
    }),
  );
}
