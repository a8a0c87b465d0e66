// `arende case start|show|events`: register one case, read its status, read its event log.
import type { Command } from 'commander';
import type { LogEntry } from '../../../domain/rules';
import type { TrackStatus } from '../../../domain/track-rules';
import { checkCaseAgainstRegistry } from '../../../domain/case';
import { ValidationError } from '../../../domain/errors';
import { loadParties } from '../../../config/load-parties';
import type { CaseStatus } from '../../../workflows/messages';
import type { RetryingDelivery } from '../../../domain/delivery-attempts';
import { readCaseFile } from '../case-files';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson, sections, stockholmTime, table } from '../output';
import { actorWords } from '../../../domain/actors';
import { CASE_STAGE_WORDS, DECISION_OUTCOME_LABELS, DELIVERY_STATUS_WORDS, NOTIFICATION_KIND_LABELS, REMINDER_STATUS_WORDS, TRACK_STATE_WORDS } from '../../../domain/words';

interface ReadOptions extends ConnectionOptions {
  json?: boolean;
}

function reminders(track: TrackStatus): string {
  return track.reminders.map((r) => `${r.date} (${r.workingDays} arbetsdagar före) ${REMINDER_STATUS_WORDS[r.status]}`).join('\n');
}

/** A party's name for its id: the case's snapshot of the registry, then its tracks; an id neither knows as it is. */
export function partyNamer(status: Pick<CaseStatus, 'partyNames' | 'tracks'>): (id: string) => string {
  return (id) => status.partyNames?.[id] ?? status.tracks.find((t) => t.party === id)?.name ?? id;
}

function trackRows(status: CaseStatus): (string | undefined)[][] {
  const full = (status as CaseStatus & { trackStatus?: TrackStatus[] }).trackStatus ?? [];
  return status.tracks.map((view) => {
    const track = full.find((t) => t.party === view.party) ?? view.final;
    const last = track?.decisions.at(-1);
    return [
      view.name,
      TRACK_STATE_WORDS[track?.state ?? view.state],
      track?.senast ?? status.senast,
      last ? `${last.meetingDate} § ${last.paragraf} ${DECISION_OUTCOME_LABELS[last.outcome]}` : '',
      track ? reminders(track) : '',
      track?.nextTimer ? `${stockholmTime(track.nextTimer.at)} ${track.nextTimer.what}` : '',
    ];
  });
}

export function formatStatus(status: CaseStatus): string {
  const full = (status as CaseStatus & { trackStatus?: TrackStatus[] }).trackStatus ?? [];
  const deliveries = [...status.deliveries, ...full.flatMap((t) => t.deliveries)];
  const name = partyNamer(status);
  const names = (ids: readonly string[]) => ids.map(name).join(', ');
  let text = `${status.dnr}  ${status.title}\n\n`;
  text += sections([
    ['Dnr', status.dnr],
    ['Läge', CASE_STAGE_WORDS[status.stage]],
    ['Sammanträde', status.rsrMeetingDate],
    ['RSR-beslut', status.rsr ? `${status.rsr.meetingDate} § ${status.rsr.paragraf}` : 'inte registrerat'],
    ['Justering', status.justering ? `${status.justering.date} (${status.justering.justerare.join(', ')})` : undefined],
    ['Anslag', status.anslag ? `uppsatt ${status.anslag.posted}, sista dag att överklaga ${status.anslag.calendar.lastAppealDay}, laga kraft ${status.anslag.calendar.lagaKraft}` : undefined],
    ['Återkallat', status.withdrawn ? `${status.withdrawn.date}: ${status.withdrawn.reason}` : undefined],
    ['Senast (huvudmän)', status.senast],
    ['Huvudmän', names(status.huvudman)],
    ['Ej beslutat', status.open.length ? names(status.open) : undefined],
    ['Försenade', status.overdue.length ? names(status.overdue) : undefined],
    ['Nästa timer', status.nextTimer ? `${stockholmTime(status.nextTimer.at)} ${status.nextTimer.what}` : undefined],
    ['Överklaganden', status.appeals.length ? status.appeals.map((a) => `${a.filedOn}${a.party ? ` (${name(a.party)})` : ''}`).join(', ') : undefined],
  ]);
  text += `\nBeslutsspår\n`;
  text += status.tracks.length
    ? table(['Part', 'Läge', 'Senast', 'Beslut', 'Påminnelser', 'Nästa timer'], trackRows(status))
    : '  (inga ännu: spåren startar när protokollet är justerat)\n';
  // Messages not delivered yet that are being retried (a temporary SMTP failure), per recipient.
  const retrying = (status as CaseStatus & { retrying?: RetryingDelivery[] }).retrying ?? [];
  if (retrying.length) {
    const where = (track?: string) => (track ? (full.find((t) => t.party === track)?.partyName ?? name(track)) : 'ärendet');
    text += `\nFörsöker igen (${retrying.length}: inte framme än, systemet försöker igen av sig självt)\n`;
    text += table(
      ['Typ', 'Från', 'Mottagare', 'Försök', 'Misslyckades', 'Fel', 'Nästa försök'],
      retrying.map((r) => [
        NOTIFICATION_KIND_LABELS[r.kind],
        where(r.track),
        r.recipient.label,
        r.attempt,
        stockholmTime(r.failedAt),
        r.error,
        r.nextAttemptAt ? `omkring ${stockholmTime(r.nextAttemptAt)}` : 'okänt',
      ]),
    );
  }
  text += `\nLeveranser\n`;
  text += deliveries.length
    ? table(
        ['Typ', 'Mottagare', 'Status', 'Försök', 'Tid'],
        deliveries.map((d) => [NOTIFICATION_KIND_LABELS[d.kind], d.recipient.label, d.detail ? `${DELIVERY_STATUS_WORDS[d.status]}: ${d.detail}` : DELIVERY_STATUS_WORDS[d.status], d.attempts, stockholmTime(d.attemptedAt)]),
      )
    : retrying.length ? '  (inga klara än)\n' : '  (inga)\n';
  return text;
}

/** The event log as a person reads it: the actors and parties named in words (the log itself keeps the ids: `--json`). */
export function formatEvents(log: readonly LogEntry[], name: (id: string) => string = (id) => id): string {
  return table(['#', 'Tid (Stockholm)', 'Aktör', 'Händelse'], log.map((e) => [e.seq, stockholmTime(e.at), actorWords(e.actor, name), e.party ? `[${name(e.party)}] ${e.text}` : e.text]));
}

export function registerCaseCommand(program: Command, io: CliIo): void {
  const group = program
    .command('case')
    .description('Ett ärende: registrera (start), visa status (show), visa händelseloggen (events)');

  addConnectionOptions(
    group
      .command('start')
      .description(
        'Registrera ett ärende ur en ärendefil ({ registration, events }, som demo/cases/*.json) eller en registrering. ' +
          'Bara registreringen skickas; filens händelser spelas upp av `arende import`. Idempotent: finns diarienumret redan skapas inget nytt ärende (exit 0).',
      )
      .argument('<fil>', 'JSON-fil med ärendefil eller registrering')
      .option('--json', 'skriv resultatet som JSON: { dnr, created, message }'),
  ).action(async (file: string, options: ReadOptions) => {
    const caseFile = readCaseFile(file);
    await withGateway(options, async ({ gateway, mode, actor }) => {
      if (mode === 'temporal') {
        const issues = checkCaseAgainstRegistry(caseFile.registration, loadParties());
        if (issues.length > 0) throw new ValidationError(issues);
      }
      const result = await gateway.register(caseFile.registration, actor);
      if (options.json) printJson(io, result);
      else io.out(`${result.message}\n`);
    });
  });

  addConnectionOptions(
    group
      .command('show')
      .description('Ärendets status: stadium, RSR-beslut, justering och anslag, varje huvudmans beslutsspår (läge, senast, påminnelser, nästa timer), leveranserna och de utskick som försöker igen.')
      .argument('<dnr>', 'diarienummer, t.ex. RS/62/2026 eller RS-62-2026')
      .option('--json', 'skriv hela statusen som JSON'),
  ).action(async (value: string, options: ReadOptions) => {
    const dnr = dnrArgument('case show', value);
    await withGateway(options, async ({ gateway }) => {
      const status = await gateway.status(dnr);
      if (options.json) printJson(io, status);
      else io.out(formatStatus(status));
    });
  });

  addConnectionOptions(
    group
      .command('events')
      .description('Ärendets händelselogg (ärendet och alla beslutsspår) i tidsordning: nr, tid i Stockholm, aktör, händelse.')
      .argument('<dnr>', 'diarienummer, t.ex. RS/62/2026 eller RS-62-2026')
      .option('--json', 'skriv loggen som JSON-lista'),
  ).action(async (value: string, options: ReadOptions) => {
    const dnr = dnrArgument('case events', value);
    await withGateway(options, async ({ gateway }) => {
      const log = await gateway.events(dnr);
      if (options.json) printJson(io, log);
      else io.out(formatEvents(log, partyNamer(await gateway.status(dnr))));
    });
  });
}
