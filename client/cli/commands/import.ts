// `arende import <fil|katalog>`: registers many cases from case files (a file may hold a JSON array of
// them, as `arende parse --json` prints) and replays their events in order. Safe to run again: a case that exists is not created twice, events it already holds are
// skipped, and every event is sent with its update id so Temporal deduplicates a repeat. A case
// that exists, has ended, or fails is said so on its own line and the import goes on with the next;
// it ends with the summary (N registrerade, N fanns redan, N avslutade, N fel). Only a failure that
// every case would meet (server unreachable, token refused) stops it.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { checkCaseAgainstRegistry } from '../../../domain/case';
import { ValidationError, summarizeIssues } from '../../../domain/errors';
import { loadParties } from '../../../config/load-parties';
import { caseFailureMessage, readCaseFiles, replayCaseFile, type ReplayOutcome } from '../case-files';
import { EXIT, SilentExit, UsageError } from '../errors';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { printJson, table } from '../output';
import { CASE_STAGE_WORDS, eventTypeWord, refusalInWords } from '../../../domain/words';

interface ImportOptions extends ConnectionOptions {
  json?: boolean;
}

export interface ImportSummary {
  files: number;
  /** Cases created by this import. */
  registered: number;
  /** Cases that existed and still run. */
  alreadyExisted: number;
  /** Cases that existed and have ended (completed or withdrawn): they take no more events. */
  completed: number;
  /** Files whose case could not be read, registered or brought up to date (see `refused`). */
  failed: number;
  eventsApplied: number;
  eventsAlreadyRecorded: number;
  /** Events of ended cases that they do not hold: not sent. */
  eventsNotSent: number;
  refused: { file: string; dnr?: string; event?: number; type?: string; reason: string }[];
  cases: (ReplayOutcome & { file: string })[];
}

function caseFiles(target: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UsageError(`arende import: <fil|katalog>: ${target} finns inte`);
  }
  if (!stat.isDirectory()) return [target];
  const files = readdirSync(target)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
  if (files.length === 0) throw new UsageError(`arende import: <fil|katalog>: ${target} innehåller inga .json-filer`);
  return files;
}

/** Progress on stderr: a bar on a terminal, otherwise one line per file (logs stay readable). */
function progress(io: CliIo, total: number) {
  if (io.errIsTty) {
    const bar = new SingleBar({
      format: 'Importerar [{bar}] {value}/{total} {file}',
      stream: io.errStream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(total, 0, { file: '' });
    return { step: (file: string) => bar.increment(1, { file }), stop: () => bar.stop() };
  }
  let done = 0;
  return {
    step: (file: string, line?: string) => io.err(`[${++done}/${total}] ${file}${line ? `: ${line}` : ''}\n`),
    stop: () => undefined,
  };
}

/** What happened to one case, in words: `registrerat`, `fanns redan`, `fanns redan och är avslutat`. */
function result(outcome: ReplayOutcome): string {
  if (outcome.closed) return `fanns redan och är ${CASE_STAGE_WORDS[outcome.closed]}`;
  return outcome.created ? 'registrerat' : 'fanns redan';
}

function describe(outcome: ReplayOutcome): string {
  const parts = [result(outcome), `${outcome.applied} händelser`];
  if (outcome.alreadyRecorded) parts.push(`${outcome.alreadyRecorded} redan registrerade`);
  if (outcome.notSent) parts.push(`${outcome.notSent} skickades inte (ärendet är ${CASE_STAGE_WORDS[outcome.closed!]})`);
  if (outcome.refused.length) parts.push(`fel: ${refusalInWords(outcome.refused[0]!.reason)}`);
  return `${outcome.dnr} ${parts.join(', ')}`;
}

/** `3 registrerade, 1 fanns redan, 1 avslutade, 0 fel` */
export function summaryLine(s: Pick<ImportSummary, 'registered' | 'alreadyExisted' | 'completed' | 'failed'>): string {
  return `${s.registered} registrerade, ${s.alreadyExisted} fanns redan, ${s.completed} avslutade, ${s.failed} fel`;
}

export function registerImportCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('import')
      .description(
        'Importera ärenden ur ärendefiler (en fil, eller alla *.json i en katalog; en fil med en JSON-lista, som `arende parse --json` skriver, är flera ärenden): registrera varje ärende och spela upp dess händelser i ordning. ' +
          'Kan köras om: befintliga ärenden och redan registrerade händelser lämnas orörda. Exit 1 om någon fil eller händelse avvisades.',
      )
      .argument('<fil|katalog>', 'en ärendefil eller en katalog med ärendefiler, t.ex. demo/cases')
      .option('--json', 'skriv sammanfattningen som JSON'),
  ).action(async (target: string, options: ImportOptions) => {
    const files = caseFiles(target);
    const summary: ImportSummary = {
      files: files.length,
      registered: 0,
      alreadyExisted: 0,
      completed: 0,
      failed: 0,
      eventsApplied: 0,
      eventsAlreadyRecorded: 0,
      eventsNotSent: 0,
      refused: [],
      cases: [],
    };
    const rows: (string | number | undefined)[][] = [];
    await withGateway(options, async ({ gateway, mode, actor }) => {
      const registry = mode === 'temporal' ? loadParties() : undefined;
      // A file holding a JSON array (`arende parse --json`) is several cases, each on its own row ("fil [2]").
      const entries = files.flatMap((file) => {
        const name = path.relative(process.cwd(), file) || file;
        try {
          const cases = readCaseFiles(file);
          return cases.length === 1 ? [{ name, ...cases[0]! }] : cases.map((c, i) => ({ name: `${name} [${i + 1}]`, ...c }));
        } catch (err) {
          return [{ name, dnr: undefined, read: (): never => { throw err; } }];
        }
      });
      const bar = progress(io, entries.length);
      try {
        for (const { name, read, dnr: named } of entries) {
          let dnr: string | undefined = named;
          try {
            const caseFile = read();
            dnr = caseFile.registration.dnr;
            const issues = registry ? checkCaseAgainstRegistry(caseFile.registration, registry) : [];
            if (issues.length > 0) throw new ValidationError(issues);
            const outcome = await replayCaseFile(gateway, caseFile, actor);
            summary.cases.push({ file: name, ...outcome });
            if (outcome.created) summary.registered++;
            else if (outcome.closed) summary.completed++;
            else summary.alreadyExisted++;
            if (outcome.refused.length) summary.failed++;
            summary.eventsApplied += outcome.applied;
            summary.eventsAlreadyRecorded += outcome.alreadyRecorded;
            summary.eventsNotSent += outcome.notSent;
            for (const r of outcome.refused) summary.refused.push({ file: name, dnr: outcome.dnr, event: r.event, type: r.type, reason: r.reason });
            const line = describe(outcome);
            rows.push([name, outcome.dnr, line.slice(outcome.dnr.length + 1)]);
            bar.step(name, line);
          } catch (err) {
            // A bad file, a refused registration or a case that cannot be read is said and the import
            // goes on with the next file; only a failure every file would meet stops it.
            const reason =
              err instanceof ValidationError ? summarizeIssues(err.issues) : err instanceof UsageError ? err.message : caseFailureMessage(err);
            if (reason === undefined) throw err;
            summary.failed++;
            summary.refused.push({ file: name, ...(dnr ? { dnr } : {}), reason });
            rows.push([name, dnr, `fel: ${reason}`]);
            bar.step(name, `fel: ${reason}`);
          }
        }
      } finally {
        bar.stop();
      }
    });
    if (options.json) printJson(io, summary);
    else {
      io.out(table(['Fil', 'Dnr', 'Resultat'], rows));
      io.out(
        `\n${summaryLine(summary)}. Händelser: ${summary.eventsApplied} registrerade, ${summary.eventsAlreadyRecorded} fanns redan` +
          `${summary.eventsNotSent ? `, ${summary.eventsNotSent} skickades inte (ärendet avslutat)` : ''}.\n`,
      );
      if (summary.refused.length) {
        io.out(`\nAvvisat\n${table(['Fil', 'Dnr', 'Händelse', 'Skäl'], summary.refused.map((r) => [r.file, r.dnr, r.event ? `${r.event} (${eventTypeWord(r.type ?? '')})` : 'filen', refusalInWords(r.reason)]))}`);
      }
    }
    // The summary is printed; a failed case still makes the run fail for scripts.
    if (summary.failed > 0) throw new SilentExit(EXIT.failure);
  });
}
