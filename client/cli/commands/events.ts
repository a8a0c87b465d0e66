// `arende decide|justera|anslag|withdraw`: record a human event on a case. Each builds the event the
// API takes, validates it with the domain's schema (a bad value exits 2 naming the flag), and sends
// it through the gateway; the case's own rules (order, dates against the case) refuse with exit 1.
import type { Command } from 'commander';
import type { z } from 'zod';
import { loadParties } from '../../../config/load-parties';
import { validate } from '../../../domain/errors';
import { AnslagPosted, HuvudmanDecided, JusteringRecorded, Withdrawn, type HumanEvent } from '../../../domain/events';
import { parseRecipientLine, recipientContext } from '../../web/forms';
import { UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson } from '../output';
import { stageWord } from '../../../domain/words';

interface EventOptions extends ConnectionOptions {
  json?: boolean;
}

/** `"A, B"` → `['A', 'B']`. */
const names = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((n) => n.trim()).filter(Boolean));
/** `45` → 45; anything else is passed on for the schema to name. */
const integer = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : value);

/** Validates `event` with `schema`; each problem is reported with the flag that gave the field. */
function checked<S extends z.ZodType>(command: string, schema: S, event: Record<string, unknown>, flags: Record<string, string>): HumanEvent {
  const result = validate(schema, event);
  if (result.ok) return result.value as HumanEvent;
  const lines = result.issues.map((issue) => {
    const key = Object.keys(flags)
      .filter((path) => issue.path === path || issue.path.startsWith(`${path}.`))
      .sort((a, b) => b.length - a.length)[0];
    return `arende ${command}: ${key ? flags[key] : issue.field}: ${issue.message}`;
  });
  throw new UsageError(lines.join('\n'));
}

async function send(io: CliIo, command: string, value: string, options: EventOptions, build: () => HumanEvent): Promise<void> {
  const dnr = dnrArgument(command, value);
  const event = build();
  await withGateway(options, async ({ gateway, actor }) => {
    const receipt = await gateway.recordEvent(dnr, event, actor);
    if (options.json) printJson(io, { dnr, ...receipt });
    else io.out(`${dnr}: ${receipt.message} (läge: ${stageWord(receipt.stage)})\n`);
  });
}

const withJson = (command: Command) => addConnectionOptions(command.option('--json', 'skriv kvittot som JSON: { dnr, seq, stage, message }'));

interface DecideOptions extends EventOptions {
  party: string;
  organ?: string;
  meeting: string;
  paragraf: string;
  outcome: string;
  beslut?: string[];
  partyDnr?: string;
  justerad?: string;
  justerare?: string;
  anslag?: string;
  expedierasTill?: string[];
  note?: string;
}

interface JusteraOptions extends EventOptions {
  date: string;
  justerare: string;
  party?: string;
}

interface AnslagOptions extends EventOptions {
  posted: string;
  removed?: string;
  party?: string;
}

interface WithdrawOptions extends EventOptions {
  reason: string;
  date: string;
  decidedBy?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerEventCommands(program: Command, io: CliIo): void {
  withJson(
    program
      .command('decide')
      .description('Registrera en huvudmans beslut om rekommendationen, ev. med justering och anslag.')
      .argument('<dnr>', 'ärendets diarienummer, t.ex. RS/62/2026')
      .requiredOption('--party <id>', 'huvudmannen (id i partregistret, t.ex. krokom)')
      .option('--organ <namn>', 'beslutande organ; standard: partens första organ i partregistret (t.ex. Kommunstyrelsen)')
      .requiredOption('--meeting <ÅÅÅÅ-MM-DD>', 'sammanträdesdag')
      .requiredOption('--paragraf <nr>', 'paragraf (§) i protokollet')
      .requiredOption('--outcome <utfall>', 'bifall, avslag, delvis-bifall, aterremiss eller bordlaggning')
      .option('--beslut <text>', 'beslutspunkt (kan upprepas, en per punkt)', collect)
      .option('--party-dnr <dnr>', 'huvudmannens eget diarienummer')
      .option('--justerad <ÅÅÅÅ-MM-DD>', 'dag då protokollet justerades (kräver --justerare)')
      .option('--justerare <namn,namn>', 'justerare, kommaseparerade')
      .option('--anslag <ÅÅÅÅ-MM-DD>', 'dag då justeringen anslogs (kräver --justerad)')
      .option('--expedieras-till <mottagare>', 'beslutets egen Expedieras till, en mottagare per gång (upprepas): "Namn <e-post>", e-post eller id ur partregistret; de får protokollsutdraget när protokollet är justerat', collect)
      .option('--note <text>', 'anteckning')
      .addHelpText('after', '\nExempel:\n  arende decide RS/62/2026 --party krokom --meeting 2026-04-15 --paragraf 45 --outcome bifall --justerad 2026-04-20 --justerare "A. Andersson,B. Berg" --anslag 2026-04-21\n'),
  ).action(async (value: string, o: DecideOptions) =>
    send(io, 'decide', value, o, () => {
      if ((o.justerad === undefined) !== (o.justerare === undefined)) {
        throw new UsageError(`arende decide: ${o.justerad === undefined ? '--justerad' : '--justerare'}: saknas; justeringen anges med både --justerad och --justerare`);
      }
      if (o.anslag !== undefined && o.justerad === undefined) throw new UsageError('arende decide: --anslag: ett anslag tillkännager en justering: ange --justerad och --justerare också');
      const registry = loadParties();
      const organ = o.organ ?? registry.get(o.party)?.organs[0];
      return checked(
        'decide',
        HuvudmanDecided,
        {
          type: 'huvudman-decided',
          party: o.party,
          organ,
          meetingDate: o.meeting,
          paragraf: integer(o.paragraf),
          outcome: o.outcome,
          ...(o.beslut ? { beslut: o.beslut } : {}),
          ...(o.partyDnr !== undefined ? { dnr: o.partyDnr } : {}),
          ...(o.justerad !== undefined ? { justering: { date: o.justerad, justerare: names(o.justerare) } } : {}),
          ...(o.anslag !== undefined ? { anslag: { posted: o.anslag } } : {}),
          ...(o.expedierasTill ? { expedierasTill: o.expedierasTill.map((line) => parseRecipientLine(line, recipientContext(registry))) } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        },
        {
          party: '--party',
          organ: o.organ === undefined ? '--organ (parten har inget organ i partregistret)' : '--organ',
          meetingDate: '--meeting',
          paragraf: '--paragraf',
          outcome: '--outcome',
          beslut: '--beslut',
          dnr: '--party-dnr',
          justering: '--justerad',
          'justering.justerare': '--justerare',
          anslag: '--anslag',
          expedierasTill: '--expedieras-till',
          note: '--note',
        },
      );
    }),
  );

  withJson(
    program
      .command('justera')
      .description('Registrera justeringen av ett protokoll: rekommendationsbeslutets (RSR:s), eller med --party en huvudmans.')
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--date <ÅÅÅÅ-MM-DD>', 'dag då protokollet justerades')
      .requiredOption('--justerare <namn,namn>', 'justerare, kommaseparerade')
      .option('--party <id>', 'huvudmannens protokoll (utelämnat: RSR:s)'),
  ).action(async (value: string, o: JusteraOptions) =>
    send(io, 'justera', value, o, () =>
      checked(
        'justera',
        JusteringRecorded,
        { type: 'justering-recorded', date: o.date, justerare: names(o.justerare), ...(o.party !== undefined ? { party: o.party } : {}) },
        { date: '--date', justerare: '--justerare', party: '--party' },
      ),
    ),
  );

  withJson(
    program
      .command('anslag')
      .description('Registrera att justeringen anslagits på anslagstavlan (överklagandetiden börjar, KL 13 kap. 5 §): RSR:s, eller med --party en huvudmans.')
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--posted <ÅÅÅÅ-MM-DD>', 'dag då anslaget sattes upp')
      .option('--removed <ÅÅÅÅ-MM-DD>', 'dag då anslaget togs ned')
      .option('--party <id>', 'huvudmannens protokoll (utelämnat: RSR:s)'),
  ).action(async (value: string, o: AnslagOptions) =>
    send(io, 'anslag', value, o, () =>
      checked(
        'anslag',
        AnslagPosted,
        { type: 'anslag-posted', posted: o.posted, ...(o.removed !== undefined ? { removed: o.removed } : {}), ...(o.party !== undefined ? { party: o.party } : {}) },
        { posted: '--posted', removed: '--removed', party: '--party' },
      ),
    ),
  );

  withJson(
    program
      .command('withdraw')
      .description('Återkalla ärendet: avbryter alla beslutsspår och meddelar mottagarna.')
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--reason <text>', 'skäl')
      .requiredOption('--date <ÅÅÅÅ-MM-DD>', 'dag för återkallelsen')
      .option('--decided-by <vem>', 'vem som beslutade återkallelsen'),
  ).action(async (value: string, o: WithdrawOptions) =>
    send(io, 'withdraw', value, o, () =>
      checked(
        'withdraw',
        Withdrawn,
        { type: 'withdrawn', date: o.date, reason: o.reason, ...(o.decidedBy !== undefined ? { decidedBy: o.decidedBy } : {}) },
        { date: '--date', reason: '--reason', decidedBy: '--decided-by' },
      ),
    ),
  );
}
