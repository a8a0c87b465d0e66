// `arende beredning|rsr-beslut|decide|justera|anslag|overklaga|withdraw`: record a human event on a
// case, one command per event endpoint of the API (POST /api/v1/cases/:dnr/<händelse>). Each builds
// the event the API takes, validates it with the domain's schema (a bad value exits 2 naming the
// flag), and sends it through the gateway; the case's own rules (order, dates against the case)
// refuse with exit 1.
import type { Command } from 'commander';
import type { z } from 'zod';
import { loadParties } from '../../../config/load-parties';
import { validate } from '../../../domain/errors';
import { AnslagPosted, AppealFiled, BeredningRecorded, HuvudmanDecided, JusteringRecorded, RsrDecided, Withdrawn, type HumanEvent } from '../../../domain/events';
import { eventParty } from '../../../domain/rules';
import { parseRecipientLine, recipientContext } from '../../web/forms';
import { UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson, receiptLine } from '../output';

export interface EventOptions extends ConnectionOptions {
  json?: boolean;
}

/** `"A, B"` → `['A', 'B']`. */
export const names = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((n) => n.trim()).filter(Boolean));
/** `45` → 45; anything else is passed on for the schema to name. */
export const integer = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : value);

/** Validates `value` with `schema`; each problem is reported with the flag that gave the field. */
export function checked<S extends z.ZodType>(command: string, schema: S, value: Record<string, unknown>, flags: Record<string, string>): z.infer<S> {
  const result = validate(schema, value);
  if (result.ok) return result.value as z.infer<S>;
  const lines = result.issues.map((issue) => {
    const key = Object.keys(flags)
      .filter((path) => issue.path === path || issue.path.startsWith(`${path}.`))
      .sort((a, b) => b.length - a.length)[0];
    return `arende ${command}: ${key ? flags[key] : issue.field}: ${issue.message}`;
  });
  throw new UsageError(lines.join('\n'));
}

export async function send(io: CliIo, command: string, value: string, options: EventOptions, build: () => HumanEvent): Promise<void> {
  const dnr = dnrArgument(command, value);
  const event = build();
  await withGateway(options, async ({ gateway, actor }) => {
    const receipt = await gateway.recordEvent(dnr, event, actor);
    if (options.json) printJson(io, { dnr, ...receipt });
    // A huvudman's event answers with its track's state, any other with the case's stage.
    else io.out(receiptLine(dnr, receipt, eventParty(event) ? 'track' : 'case'));
  });
}

export const withJson = (command: Command) => addConnectionOptions(command.option('--json', 'skriv kvittot som JSON: { dnr, seq, stage, message }'));

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

interface BeredningOptions extends EventOptions {
  organ: string;
  party?: string;
  meeting: string;
  paragraf?: string;
  outcome: string;
  note?: string;
}

interface RsrBeslutOptions extends EventOptions {
  meeting: string;
  paragraf: string;
  beslut: string[];
  huvudman?: string;
  punkt?: string[];
  senast?: string;
  paminnelser?: string;
}

interface OverklagaOptions extends EventOptions {
  inkom: string;
  party?: string;
  klagande?: string;
  domstol?: string;
  note?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerEventCommands(program: Command, io: CliIo): void {
  withJson(
    program
      .command('beredning')
      .description('Registrera en beredning av ärendet (före RSR:s beslut): organet, sammanträdet och vad organet gjorde.')
      .argument('<dnr>', 'ärendets diarienummer, t.ex. RS/62/2026')
      .requiredOption('--organ <namn>', 'beredande organ som det står i handlingen, t.ex. SVOM')
      .option('--party <id>', 'organet i partregistret, om det finns där (t.ex. regionala-ledningsgruppen)')
      .requiredOption('--meeting <ÅÅÅÅ-MM-DD>', 'sammanträdesdag')
      .option('--paragraf <nr>', 'paragraf (§) i protokollet')
      .requiredOption('--outcome <utfall>', 'forslag, tillstyrkt, avstyrkt, aterremiss, bordlagd eller information')
      .option('--note <text>', 'anteckning')
      .addHelpText('after', '\nExempel:\n  arende beredning RS/62/2026 --organ SVOM --meeting 2026-01-15 --outcome tillstyrkt\n'),
  ).action(async (value: string, o: BeredningOptions) =>
    send(io, 'beredning', value, o, () =>
      checked(
        'beredning',
        BeredningRecorded,
        {
          type: 'beredning-recorded',
          organ: o.organ,
          meetingDate: o.meeting,
          outcome: o.outcome,
          ...(o.party !== undefined ? { party: o.party } : {}),
          ...(o.paragraf !== undefined ? { paragraf: integer(o.paragraf) } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        },
        { organ: '--organ', party: '--party', meetingDate: '--meeting', paragraf: '--paragraf', outcome: '--outcome', note: '--note' },
      ),
    ),
  );

  withJson(
    program
      .command('rsr-beslut')
      .description(
        'Registrera RSR:s beslut (rekommendationen till huvudmännen). Ändrade sammanträdet rekommendationen anges den med --huvudman, --punkt och --senast.',
      )
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--meeting <ÅÅÅÅ-MM-DD>', 'sammanträdesdag')
      .requiredOption('--paragraf <nr>', 'paragraf (§) i protokollet')
      .requiredOption('--beslut <text>', 'beslutspunkt (kan upprepas, en per punkt)', collect)
      .option('--huvudman <id,id>', 'ändrad rekommendation: huvudmännen som ombeds besluta, kommaseparerade')
      .option('--punkt <text>', 'ändrad rekommendation: en punkt huvudmännen ombeds besluta om (kan upprepas)', collect)
      .option('--senast <ÅÅÅÅ-MM-DD>', 'ändrad rekommendation: sista dag för huvudmännens beslut')
      .option('--paminnelser <dagar,dagar>', 'ändrad rekommendation: påminnelser, arbetsdagar före senast (standard 10,3)')
      .addHelpText('after', '\nExempel:\n  arende rsr-beslut RS/62/2026 --meeting 2026-01-26 --paragraf 2 --beslut "Regionens samverkansråd föreslår …"\n'),
  ).action(async (value: string, o: RsrBeslutOptions) =>
    send(io, 'rsr-beslut', value, o, () => {
      const changed = o.huvudman !== undefined || o.punkt !== undefined || o.senast !== undefined || o.paminnelser !== undefined;
      const recommendation = changed
        ? {
            huvudman: names(o.huvudman),
            points: o.punkt,
            senast: o.senast,
            ...(o.paminnelser !== undefined ? { reminders: names(o.paminnelser)!.map((d) => integer(d)) } : {}),
          }
        : undefined;
      return checked(
        'rsr-beslut',
        RsrDecided,
        { type: 'rsr-decided', meetingDate: o.meeting, paragraf: integer(o.paragraf), beslut: o.beslut, ...(recommendation ? { recommendation } : {}) },
        {
          meetingDate: '--meeting',
          paragraf: '--paragraf',
          beslut: '--beslut',
          recommendation: '--huvudman/--punkt/--senast',
          'recommendation.huvudman': '--huvudman',
          'recommendation.points': '--punkt',
          'recommendation.senast': '--senast',
          'recommendation.reminders': '--paminnelser',
        },
      );
    }),
  );

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
      .command('overklaga')
      .description(
        'Registrera ett överklagande (KL 13 kap. 5 §): av RSR:s beslut, eller med --party av en huvudmans. ' +
          'Ett överklagande som kom in senast sista dagen tas emot även när beslutet redan markerats laga kraft.',
      )
      .argument('<dnr>', 'ärendets diarienummer')
      .requiredOption('--inkom <ÅÅÅÅ-MM-DD>', 'dag då överklagandet kom in')
      .option('--party <id>', 'huvudmannens beslut (utelämnat: RSR:s)')
      .option('--klagande <namn>', 'vem som överklagade')
      .option('--domstol <namn>', 'domstolen, t.ex. "Förvaltningsrätten i Härnösand"')
      .option('--note <text>', 'anteckning')
      .addHelpText('after', '\nExempel:\n  arende overklaga RS/62/2026 --party krokom --inkom 2026-05-05 --domstol "Förvaltningsrätten i Härnösand"\n'),
  ).action(async (value: string, o: OverklagaOptions) =>
    send(io, 'overklaga', value, o, () =>
      checked(
        'overklaga',
        AppealFiled,
        {
          type: 'appeal-filed',
          filedOn: o.inkom,
          ...(o.party !== undefined ? { party: o.party } : {}),
          ...(o.klagande !== undefined ? { appellant: o.klagande } : {}),
          ...(o.domstol !== undefined ? { court: o.domstol } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        },
        { filedOn: '--inkom', party: '--party', appellant: '--klagande', court: '--domstol', note: '--note' },
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
